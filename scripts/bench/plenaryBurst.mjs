// The burst of bench:plenary (issue 15): when a vote opens in the room, the members press their
// choice within the same second. Two rounds measure it (BENCH_VOTE_ROUNDS):
// - `burst`: every member at the same instant (BENCH_VOTE_CONCURRENCY at a time, all of them by
//   default): what the server can take, in durable votes per second (target ≥ 1,000/s);
// - `second`: every member at a random moment of one second (BENCH_BURST_WINDOW_MS): how long a
//   member waits for "counted" when the room presses together (p99 target ≤ 300 ms).
// Both print votes/s and the p99 of the answers. `burst` is checked against both targets,
// `second` against the p99 (its votes/s cannot exceed the members' own pace). A vote is answered
// only once it is on disk, so every accepted answer is a durable vote (the round's other checks
// count them in the database).
//
// Also the pieces bench:plenary, its arrival and bench:cluster's part (c) share: the members
// checked in to today's sitting, the form posts of the session page, the bundled plenary
// functions, and `burstRound`, a burst round on its own (no participants' screens) for one server
// or several instances on one database, SQLite or PostgreSQL.
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/setup.mjs';
import { openDatabase } from '../lib/database.mjs';
import { addMembers, todaysSitting } from '../lib/members.mjs';
import { client, cpuMeter, percentile, signIn, sleep, until } from './lib.mjs';

export const TARGET_VOTES_PER_SECOND = 1000;
export const TARGET_P99_MS = 300;
export const WINDOW_MS = Number(process.env.BENCH_BURST_WINDOW_MS ?? 1000);

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

/** A small seeded generator, so two runs vote (and arrive) the same way. */
export function random(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The moderator and the participants call the very functions the UI calls (src/lib/plenary/*.ts):
 * esbuild (already used for build/server.js) bundles them into node_modules/.cache/ratschlag-bench/
 * <name>.mjs, with yjs left to node_modules so the bundle shares the clients' Yjs instance.
 * Returns the bundle's URL (worker threads import it too).
 */
export async function bundlePlenary(name = 'plenary') {
	const { build } = await import('esbuild');
	const dir = join(root, 'node_modules', '.cache', 'ratschlag-bench');
	mkdirSync(dir, { recursive: true });
	const outfile = join(dir, `${name}.mjs`);
	await build({
		stdin: {
			contents: ['agenda', 'live', 'speakers', 'poll', 'view'].map((m) => `export * from './src/lib/plenary/${m}.ts';`).join('\n'),
			resolveDir: root,
			loader: 'ts'
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		outfile,
		logLevel: 'warning'
	});
	return pathToFileURL(outfile).href;
}

const wallClock = () => performance.timeOrigin + performance.now();

/**
 * A form post to the session page: as a browser without JavaScript sends it, or (`enhanced`) as
 * `use:enhance` does, answered with the action's result as JSON. Either way `status` is the
 * action's: 303 for done, 400 for a refusal (with the page or the JSON holding the message).
 * `publicOrigin`: the Origin header when `origin` is an instance behind a balancer (`headers`
 * then carry what the balancer adds).
 */
export async function formAction(origin, path, cookie, action, fields, { enhanced = false, publicOrigin = origin, headers = {} } = {}) {
	const t0 = performance.now();
	try {
		const response = await fetch(`${origin}${path}?/${action}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: publicOrigin,
				cookie,
				'content-type': 'application/x-www-form-urlencoded',
				...(enhanced ? { accept: 'application/json', 'x-sveltekit-action': 'true' } : { accept: 'text/html' }),
				...headers
			},
			body: new URLSearchParams(fields).toString()
		});
		const body = await response.text();
		const result = enhanced && response.status === 200 ? JSON.parse(body) : null;
		return {
			status: result ? result.status : response.status,
			body,
			ms: performance.now() - t0,
			location: result ? (result.location ?? null) : response.headers.get('location'),
			answeredAt: wallClock()
		};
	} catch (error) {
		// A refused or timed-out connection is an answer too: the member's vote did not get through.
		return { status: String(error.cause?.code ?? error.message), body: '', ms: performance.now() - t0, location: null, answeredAt: wallClock() };
	}
}

/**
 * Who sends what and when in a round: each member a choice (55 % yes, 30 % no, 15 % abstain);
 * `duplicateShare` of them a second post at the same moment with another choice (a double click
 * or a second device).
 */
export function planVotes(members, mode, rand, { spreadSeconds, duplicateShare }) {
	const choices = ['yes', 'no', 'abstain'];
	const duplicates = new Set();
	while (duplicates.size < Math.round(members.length * duplicateShare)) duplicates.add(Math.floor(rand() * members.length));
	return members.map((m, i) => {
		const r = rand();
		const choice = r < 0.55 ? 'yes' : r < 0.85 ? 'no' : 'abstain';
		const again = duplicates.has(i) ? choices[(choices.indexOf(choice) + 1) % 3] : null;
		return { m, sends: again ? [choice, again] : [choice], at: sendAt(mode, rand, spreadSeconds) };
	});
}

/**
 * bench:plenary's burst round on its own, for bench:cluster's part (c): `voters` members checked
 * in to today's sitting of a running server's database (`database`: a SQLite file or a
 * `postgres://` URL; `home`: where its demo-access.json is), the moderator opens a secret vote on a
 * decision item of the plenary document (read from the document, as the console does), and all of
 * them vote at once, `concurrency` at a time, `duplicateShare` posting twice. `origins`: the
 * instances the posts go to, member i to origins[i % n] (a balancer's placement); `publicOrigin`
 * and `headers` as for formAction. No participants' screens follow the document (bench:plenary
 * measures those). Before it, `warmup` of the members vote in a poll of their own, closed after
 * (the server's first requests of a kind load and compile their code; in a sitting the burst is
 * rarely the first request). `pids()`: the servers' processes, `databasePids()` the database
 * server's (none for SQLite, which runs in the server's process), for their CPU per post. Returns
 * the figures and the ballots read back through the same database.
 */
export async function burstRound({
	database,
	home,
	origins,
	publicOrigin = origins[0],
	headers = {},
	pids = () => [],
	databasePids = () => [],
	voters,
	concurrency = voters,
	duplicateShare = 0.1,
	warmup = Math.min(50, voters),
	seed = 2
}) {
	const data = await openDatabase(database);
	let moderator = null;
	try {
		const plenary = await import(await bundlePlenary('plenary-burst'));
		const session = await todaysSitting(data);
		const members = await addMembers(data, session, voters);
		const pagePath = `/conferences/${session.conferenceId}/plenary/${session.id}`;
		const via = origins[0];
		const moderatorCookie = await signIn({ home, origin: publicOrigin }, 'Moderation', { via, headers });
		const alreadyVoted = JSON.parse(readFileSync(join(root, 'messages', 'de.json'), 'utf8')).error_already_voted;
		moderator = client({ url: `${via.replace(/^http/, 'ws')}/collab`, cookie: moderatorCookie }, `plenary:${session.id}`);
		await moderator.synced;
		const doc = moderator.doc;
		let item = plenary.readAgenda(doc).find((i) => i.type === 'decision');
		if (!item) {
			plenary.addAgendaItem(doc, {
				title: 'Empfehlung: Kurzzeitpflegeplätze im Landkreis',
				type: 'decision',
				durationMinutes: 30,
				presenter: '',
				description: ''
			});
			item = plenary.readAgenda(doc).find((i) => i.type === 'decision');
		}
		const post = (at, cookie, action, fields) => formAction(at, pagePath, cookie, action, fields, { publicOrigin, headers });
		members.forEach((m, i) => (m.origin = origins[i % origins.length]));
		const open = async (motion) => {
			const opened = await post(via, moderatorCookie, 'openPoll', {
				agendaItemId: item.id,
				motion: `${item.title} (${motion})`,
				kind: 'vote',
				secrecy: 'secret'
			});
			const poll = await data.get("SELECT id FROM polls WHERE session_id = ? AND status = 'open'", [session.id]);
			if (opened.status !== 303 || !poll) throw new Error(`?/openPoll answered ${opened.status}${poll ? '' : ', and no poll is open'}`);
			await until(() => plenary.readPoll(doc)?.id === poll.id, 10_000, 'the poll on the moderator screen');
			return poll.id;
		};
		if (warmup > 0) {
			const pollId = await open('warm-up');
			await Promise.all(members.slice(0, warmup).map((m) => post(m.origin, m.cookie, 'vote', { pollId, choice: 'yes' })));
			const closed = await post(via, moderatorCookie, 'closePoll', { pollId });
			if (closed.status !== 303) throw new Error(`?/closePoll of the warm-up answered ${closed.status}`);
			// The closed poll's document update and store go out before the burst.
			await sleep(1000);
		}
		const pollId = await open('burst');

		const plan = planVotes(members, 'burst', random(seed), { spreadSeconds: 0, duplicateShare });
		const posts = [];
		const cast = async (entry) => {
			const answers = await Promise.all(entry.sends.map((choice) => post(entry.m.origin, entry.m.cookie, 'vote', { pollId, choice })));
			for (const a of answers) posts.push({ ...a, m: entry.m, duplicate: entry.sends.length > 1 });
		};
		const serverCpu = cpuMeter(pids);
		const eachServerCpu = pids().map((pid) => cpuMeter(() => [pid]));
		const databaseCpu = cpuMeter(databasePids);
		const v0 = performance.now();
		await sendVotes('burst', plan, cast, concurrency);
		const votingSeconds = (performance.now() - v0) / 1000;
		const cpu = serverCpu();
		const cpuEach = eachServerCpu.map((meter) => meter());
		const cpuDatabase = databaseCpu();

		const accepted = posts.filter((p) => p.status === 303);
		const refusedRight = plan
			.filter((e) => e.sends.length > 1)
			.filter((e) => {
				const answers = posts.filter((p) => p.m === e.m);
				return answers.filter((p) => p.status === 303).length === 1 && answers.some((p) => p.status === 400 && p.body.includes(alreadyVoted));
			}).length;
		const other = posts.filter((p) => p.status !== 303 && !(p.status === 400 && p.body.includes(alreadyVoted)));
		const ballots = await data.all('SELECT voter_person_id AS voter FROM poll_ballots WHERE poll_id = ?', [pollId]);
		const byVoter = new Set(accepted.map((p) => p.m.personId));
		const ms = accepted.map((p) => p.ms).sort((a, b) => a - b);
		return {
			voters,
			posts: posts.length,
			accepted: accepted.length,
			pairs: plan.filter((e) => e.sends.length > 1).length,
			refused: refusedRight,
			other: other.length,
			otherStatuses: [...new Set(other.map((p) => p.status))],
			votingSeconds,
			votesPerSecond: accepted.length / votingSeconds,
			p50: percentile(ms, 50),
			p99: percentile(ms, 99),
			cpuMsPerPost: (cpu * 1000) / Math.max(1, posts.length),
			/** Per server, in the order of pids(); posts went to each in turn. */
			cpuMsPerPostEach: cpuEach.map((c) => (c * 1000) / Math.max(1, posts.length)),
			databaseCpuMsPerPost: (cpuDatabase * 1000) / Math.max(1, posts.length),
			ballots: ballots.length,
			ballotsMatch:
				ballots.length === accepted.length && new Set(ballots.map((b) => b.voter)).size === ballots.length && ballots.every((b) => byVoter.has(b.voter))
		};
	} finally {
		moderator?.destroy();
		await data.close();
	}
}
