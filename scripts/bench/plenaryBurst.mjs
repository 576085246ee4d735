// The burst of bench:plenary (issue 15): when a vote opens in the room, the members press their
// choice within the same second. Two rounds measure it (BENCH_VOTE_ROUNDS):
// - `burst`: every member at the same instant (BENCH_VOTE_CONCURRENCY at a time, all of them by
//   default): what the server can take, in durable votes per second (target ≥ 1,000/s);
// - `second`: every member at a random moment of one second (BENCH_BURST_WINDOW_MS): how long a
//   member waits for "counted" when the room presses together (p99 target ≤ 300 ms).
// Both print votes/s and the p99 of the answers. `burst` is checked against both targets,
// `second` against the p99 (its votes/s cannot exceed the members' own pace). A vote is answered
// only once it is on disk, so every accepted answer is a durable vote (the round's other checks
// count them in SQLite).
import { loadavg } from 'node:os';

export const TARGET_VOTES_PER_SECOND = 1000;
export const TARGET_P99_MS = 300;
export const WINDOW_MS = Number(process.env.BENCH_BURST_WINDOW_MS ?? 1000);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** When a member sends, in ms after the round starts: spread over 90 % of the spread window, within one second, or at once. */
export function sendAt(mode, rand, spreadSeconds) {
	if (mode === 'spread') return rand() * spreadSeconds * 900;
	if (mode === 'second') return rand() * WINDOW_MS;
	return 0;
}

/** Sends the round's votes: at their moments, or (burst) `concurrency` members at a time. */
export async function sendVotes(mode, plan, cast, concurrency) {
	if (mode !== 'burst') return void (await Promise.all(plan.map((entry) => sleep(entry.at).then(() => cast(entry)))));
	const queue = [...plan];
	await Promise.all(
		Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
			while (queue.length) await cast(queue.shift());
		})
	);
}

export function roundLabel(mode, { spreadSeconds, concurrency, members }) {
	if (mode === 'spread') return `spread over ${(spreadSeconds * 0.9).toFixed(1)} s`;
	if (mode === 'second') return `${members} within ${(WINDOW_MS / 1000).toFixed(1)} s`;
	return concurrency >= members ? `burst, all ${members} at once` : `burst, ${concurrency} at a time`;
}

/** The burst's own lines and checks for a round of `burst` or `second` (rounds of plenary.mjs). */
export function burstVerdict(round, check) {
	if (round.mode !== 'burst' && round.mode !== 'second') return;
	const load = loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
	const perVote = (round.cpuB * 1000) / Math.max(1, round.posts);
	console.error(
		`${round.name}: ${round.accepted} durable votes in ${round.votingSeconds.toFixed(2)} s = ${round.votesPerSecond.toFixed(0)} votes/s, p50 ${round.p50.toFixed(1)} ms, p99 ${round.p99.toFixed(1)} ms; server CPU ${perVote.toFixed(2)} ms per post; load average ${load}`
	);
	const tag = `Part B ${round.name}: the burst`;
	if (round.mode === 'burst')
		check(
			`${tag}: ≥ ${TARGET_VOTES_PER_SECOND} durable votes/s`,
			round.votesPerSecond >= TARGET_VOTES_PER_SECOND,
			`${round.votesPerSecond.toFixed(0)}/s; load average ${load}`
		);
	check(`${tag}: p99 of the answers ≤ ${TARGET_P99_MS} ms`, round.p99 <= TARGET_P99_MS, `${round.p99.toFixed(1)} ms; load average ${load}`);
}
