// npm run bench:plenary
// Issue 4's figures: N participants (500) follow a plenary session's document while a moderator
// runs it (p99 from moderator action to participant update ≤ 100 ms), and N votes cast over HTTP
// within 10 seconds are all counted exactly once. Our production server (build/server.js) runs
// as a child process on a fresh database (demo seeded, plus N voting members checked in to
// today's session); participants are stock y-websocket clients, each signed in as its own
// member. Prints tables and PASS/FAIL; exits with 1 when a check fails.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openDatabase } from '../lib/database.mjs';
import { addMembers, todaysSitting } from '../lib/members.mjs';
import { client, cpuSeconds, memory, percentile, signIn, sleep, startOurs, table, until } from './lib.mjs';
import { runParticipants, STAMP } from './plenaryClients.mjs';
import { runArrival } from './plenaryArrival.mjs';
import { bundlePlenary, burstVerdict, formAction, planVotes, random, roundLabel, sendVotes } from './plenaryBurst.mjs';
import { ensureBuild, root } from '../lib/setup.mjs';

// Every stock provider adds a process 'exit' listener in Node; hundreds are expected here.
process.setMaxListeners(0);
// Unlike bench:collab, no ensureNpmDependencies(): a stale marker would run `npm ci`, which
// replaces node_modules under whatever else runs from this tree (`npm start`/`npm test` install).
ensureBuild();

const N = Number(process.env.BENCH_PARTICIPANTS ?? 500);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 100);
const ACTION_INTERVAL_MS = Number(process.env.BENCH_ACTION_INTERVAL_MS ?? 200);
// Participants follow without a presence, as the session page has them (only those who plan the
// agenda show theirs); BENCH_PRESENCE=1 gives each its name, as if they did, so each stock client
// also parses and echoes every presence renewal of the room. Spread over two worker threads, the
// 500 screens leave the benchmark's own thread to the moderator and the voters (more threads
// than cores only queue them behind each other).
const PRESENCE = process.env.BENCH_PRESENCE === '1';
const THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? 2);
// The room fills over one presence renewal period (15 s): see plenaryClients.mjs.
const JOIN_SECONDS = Number(process.env.BENCH_JOIN_SECONDS ?? 15);
// BENCH_SCREEN_READS=0: participants only read the stamp, not the whole state as LivePlenary
// does; shows how much of the latency is the simulated screens' own work.
const SCREEN_READS = process.env.BENCH_SCREEN_READS !== '0';
const VOTE_SECONDS = Number(process.env.BENCH_VOTE_SECONDS ?? 10);
const DUPLICATE_SHARE = Number(process.env.BENCH_DUPLICATES ?? 0.1);
// One poll per round. spread: each member votes at a random moment of the first 90 % of the
// window (the last answers must be in within it); burst: all at once, BENCH_VOTE_CONCURRENCY
// members at a time (default: all); second: all within one second (see plenaryBurst.mjs). `+pages` adds what the session page does in a browser around a vote: with
// JavaScript, every open page fetches its ballot (GET <page>/ballot) when the document shows a
// poll opening and the vote is posted by `use:enhance` (SvelteKit's `x-sveltekit-action` request,
// answered with JSON, no navigation; the page shows the vote as taken); without JavaScript
// (BENCH_NO_SCRIPT share of the members), the member reloads the page to see the ballot, posts
// the plain form and follows the 303 to the page.
const VOTE_ROUNDS = (process.env.BENCH_VOTE_ROUNDS ?? 'spread,burst,second,spread+pages')
	.split(',')
	.filter(Boolean)
	.map((round) => ({ name: round, mode: round.split('+')[0], pages: round.endsWith('+pages') }));
const BURST_CONCURRENCY = Number(process.env.BENCH_VOTE_CONCURRENCY ?? N);
const NO_SCRIPT_SHARE = Number(process.env.BENCH_NO_SCRIPT ?? 0.1);
const P99_LIMIT_MS = 100;

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const wallClock = () => performance.timeOrigin + performance.now();
// This process and its worker threads: the simulated participants share the two cores with the server.
const benchCpu = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1e6;
};
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
const checks = [];
const check = (what, ok, detail = '') => checks.push({ what, ok, detail });

// BENCH_PARTS (comma-separated) picks the parts: `live` (the session followed and voted on, below)
// and `arrival` (plenaryArrival.mjs, on a server of its own). All of them by default.
const PARTS = new Set((process.env.BENCH_PARTS ?? 'live,arrival').split(',').map((p) => p.trim()));
if (PARTS.has('arrival')) checks.push(...(await runArrival()));
if (!PARTS.has('live')) {
	for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what}${c.detail ? ` (${c.detail})` : ''}`);
	process.exit(checks.every((c) => c.ok) ? 0 : 1);
}

const server = await startOurs();
const origin = server.url.replace(/^ws/, 'http').replace(/\/collab$/, '');
const workers = [];
let failed = false;
try {
	const plenaryModule = await bundlePlenary();
	const plenary = await import(plenaryModule);
	const data = await openDatabase(server.database);
	const session = await todaysSitting(data);
	const docName = `plenary:${session.id}`;
	const pagePath = `/conferences/${session.conferenceId}/plenary/${session.id}`;
	const members = await addMembers(data, session, N);
	await data.close();
	// Every tenth member's phone runs no JavaScript (spread evenly, so each thread has its share).
	members.forEach((m, i) => (m.noScript = NO_SCRIPT_SHARE > 0 && i % Math.round(1 / NO_SCRIPT_SHARE) === 0));
	const access = JSON.parse(readFileSync(join(server.home, 'demo-access.json'), 'utf8')).access;
	const moderatorAccess = access.find((a) => a.role.startsWith('Moderation'));
	const moderatorCookie = await signIn(server, 'Moderation');
	const alreadyVoted = JSON.parse(readFileSync(join(root, 'messages', 'de.json'), 'utf8')).error_already_voted;

	// The moderator's screen: writes to the document, with presence, like the session page.
	const moderator = client({ url: server.url, cookie: moderatorCookie }, docName, { awareness: true });
	moderator.provider.awareness.setLocalStateField('user', { name: moderatorAccess.name });
	await moderator.synced;
	const doc = moderator.doc;
	// The demo has 6 items today; the moderator plans the rest live, as the agenda editor does.
	const more = [
		['Bericht aus der AG Pflege', 'information', 15],
		['Empfehlung: Kurzzeitpflegeplätze im Landkreis', 'decision', 30],
		['Haushalt der Gesundheitskonferenz 2027', 'decision', 20],
		['Termine und Ausblick', 'information', 5]
	];
	for (const [title, type, durationMinutes] of more)
		plenary.addAgendaItem(doc, { title, type, durationMinutes, presenter: moderatorAccess.name, description: '' });
	const agenda = plenary.readAgenda(doc);
	const items = agenda.filter((item) => item.type !== 'break');
	const decisions = agenda.filter((item) => item.type === 'decision');

	// Enough people on the list of speakers for every "next speaker" of part A, through the
	// server command members use (they cannot write to the document themselves).
	const speakersWanted = Math.min(N, Math.ceil(ACTIONS / 5) + 5);
	const asked = await Promise.all(members.slice(0, speakersWanted).map((m) => formAction(origin, pagePath, m.cookie, 'requestToSpeak', {})));
	check(
		`${speakersWanted} members asked to speak (?/requestToSpeak answered 303)`,
		asked.every((r) => r.status === 303),
		asked
			.filter((r) => r.status !== 303)
			.map((r) => r.status)
			.join(' ')
	);
	await until(() => plenary.readSpeakers(doc).queue.length === speakersWanted, 10_000, 'speakers on the moderator screen');

	// The participants, in worker threads (or in this thread with BENCH_CLIENT_THREADS=0).
	const rssBefore = memory(server.pid).rss;
	const t0 = performance.now();
	for (let w = 0; w < Math.max(1, THREADS); w++) {
		const first = Math.floor((w * N) / Math.max(1, THREADS));
		const last = Math.floor(((w + 1) * N) / Math.max(1, THREADS));
		const share = members.slice(first, last);
		const data = {
			url: server.url,
			origin,
			pagePath,
			docName,
			cookies: share.map((m) => m.cookie),
			names: share.map((m) => m.name),
			noScript: share.map((m) => m.noScript),
			presence: PRESENCE,
			joinMs: JOIN_SECONDS * 1000,
			screenReads: SCREEN_READS,
			plenaryModule
		};
		share.forEach((m, i) => (m.screen = { w, index: i }));
		let port;
		if (THREADS === 0) {
			const channel = new MessageChannel();
			runParticipants(data, channel.port2);
			port = channel.port1;
			port.terminate = () => channel.port1.close();
		} else {
			port = new Worker(new URL('./plenaryClients.mjs', import.meta.url), { workerData: { plenaryParticipants: data } });
		}
		workers.push({ worker: port, next: (type) => new Promise((resolve) => port.on('message', (m) => m.type === type && resolve(m))) });
	}
	await Promise.all(workers.map((w) => w.next('synced')));
	const syncMs = performance.now() - t0;
	// Let the room's presence settle: people sit down before the session starts.
	await sleep(3000);
	const rssConnected = memory(server.pid).rss;
	const ask = (message, answer) =>
		Promise.all(
			workers.map((w) => {
				const reply = w.next(answer);
				w.worker.postMessage(message);
				return reply;
			})
		);

	console.error(`setup: ${N} participants synced in ${fmt(syncMs, 0)} ms; load average ${load()}`);

	// Part A: the moderator runs the session; every action carries its send time in the same
	// transaction, so a participant's screen sees both in one update.
	const live = doc.getMap(plenary.LIVE);
	const kinds = [
		['setCurrentItem', (k) => plenary.setCurrentItem(doc, items[Math.floor(k / 5) % items.length].id)],
		['announce', (k) => plenary.announce(doc, `Hinweis ${k}: Die Abstimmung zu TOP ${1 + (Math.floor(k / 5) % items.length)} folgt im Anschluss.`)],
		['nextSpeaker', () => plenary.nextSpeaker(doc)],
		['toggleSpeakerClock (stop)', () => plenary.toggleSpeakerClock(doc)],
		['toggleSpeakerClock (restart)', () => plenary.toggleSpeakerClock(doc)]
	];
	const cpuA0 = cpuSeconds(server.pid);
	const benchA0 = benchCpu();
	const a0 = performance.now();
	for (let k = 0; k < ACTIONS; k++) {
		doc.transact(() => {
			kinds[k % kinds.length][1](k);
			live.set(STAMP, { k, sentAt: wallClock() });
		});
		await sleep(a0 + (k + 1) * ACTION_INTERVAL_MS - performance.now());
	}
	const results = await Promise.all(
		workers.map((w) => {
			const reply = w.next('result');
			w.worker.postMessage({ type: 'collect', expected: ACTIONS });
			return reply;
		})
	);
	const cpuA = cpuSeconds(server.pid) - cpuA0;
	const benchA = benchCpu() - benchA0;
	const secondsA = (performance.now() - a0) / 1000;
	// Two clocks per delivery. `device`: until the message reached the participant's connection,
	// plus that screen's own handling: what a participant sees on a device of their own. `shared`:
	// until the screen showed it here, after the screens of the same thread that were read
	// before it (250 of them share one core with the server): the benchmark's own queue.
	const stats = (list) => {
		const sorted = [...list].sort((a, b) => a - b);
		return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) };
	};
	const latencies = results.flatMap((r) => r.ownLatencies);
	const sharedLatencies = results.flatMap((r) => r.latencies);
	const actionOf = results.flatMap((r) => r.actions);
	const partA = { deliveries: latencies.length, device: stats(latencies), shared: stats(sharedLatencies) };
	const rssAfterA = memory(server.pid).rss;
	if (process.env.BENCH_VERBOSE) {
		// When in the run the slow deliveries were: all through, or around one moment (a presence
		// renewal of the whole room, a collection in a client thread).
		const byAction = new Map();
		latencies.forEach((ms, j) => byAction.set(actionOf[j], [...(byAction.get(actionOf[j]) ?? []), ms]));
		for (const [k, list] of [...byAction].sort((a, b) => a[0] - b[0])) {
			list.sort((a, b) => a - b);
			console.error(
				`action ${k} at ${fmt((k * ACTION_INTERVAL_MS) / 1000)} s (${kinds[k % kinds.length][0]}): p50 ${fmt(percentile(list, 50))} ms, p99 ${fmt(percentile(list, 99))} ms, max ${fmt(list.at(-1))} ms`
			);
		}
	}

	console.log(
		`\nPlenary benchmark: ${N} participants (each its own member session, read-only), presence ${PRESENCE ? 'on' : 'off'}, clients in ${THREADS === 0 ? 'the benchmark thread' : `${THREADS} worker thread(s)`}${SCREEN_READS ? '' : ', screens read only the stamp'}; load average ${load()}\n`
	);
	console.log(
		`Part A: the moderator makes ${ACTIONS} actions, one every ${ACTION_INTERVAL_MS} ms (src/lib/plenary/*.ts); each participant's screen reads the document again on every change\n`
	);
	const row = (x) => `${fmt(x.p50)} / ${fmt(x.p95)} / ${fmt(x.p99)} / ${fmt(x.max)}`;
	console.log(
		table(
			[
				'participants',
				'actions',
				'deliveries',
				'on a device of its own: p50 / p95 / p99 / max ms',
				'on screens sharing a thread here: p50 / p95 / p99 / max ms',
				'server CPU s',
				'benchmark CPU s',
				'server CPU µs / delivery',
				'RSS before / connected / after MB',
				'all synced ms'
			],
			[
				[
					N,
					ACTIONS,
					`${partA.deliveries} of ${ACTIONS * N}`,
					row(partA.device),
					row(partA.shared),
					`${fmt(cpuA, 2)} in ${fmt(secondsA)} s`,
					fmt(benchA, 2),
					fmt((cpuA * 1e6) / Math.max(1, partA.deliveries)),
					`${fmt(rssBefore / 2 ** 20)} / ${fmt(rssConnected / 2 ** 20)} / ${fmt(rssAfterA / 2 ** 20)}`,
					fmt(syncMs, 0)
				]
			]
		)
	);
	console.log();
	console.log(
		table(
			['action', 'device p50 ms', 'device p99 ms', 'device max ms', 'shared p99 ms'],
			kinds.map(([name], i) => {
				const ofKind = (list) => stats(list.filter((_, j) => actionOf[j] % kinds.length === i));
				const device = ofKind(latencies);
				return [name, fmt(device.p50), fmt(device.p99), fmt(device.max), fmt(ofKind(sharedLatencies).p99)];
			})
		)
	);
	check(`Part A: every participant got every action (${ACTIONS} × ${N})`, partA.deliveries === ACTIONS * N, `${partA.deliveries}`);
	check(
		`Part A: p99 action → participant update ≤ ${P99_LIMIT_MS} ms (each on a device of its own)`,
		partA.device.p99 <= P99_LIMIT_MS,
		`${fmt(partA.device.p99)} ms; ${fmt(partA.shared.p99)} ms with 250 screens per thread here`
	);

	// Part B: polls on decision items, one per round.
	const rounds = [];
	const readDb = new Database(join(server.home, 'ratschlag.sqlite'), { readonly: true });
	for (const [index, { name, mode, pages: withPages }] of VOTE_ROUNDS.entries()) {
		// The first round is the secret vote the issue asks for; every other one is named, so each
		// ballot's stored choice can be compared with what its member sent.
		const secrecy = index % 2 === 0 ? 'secret' : 'named';
		for (const w of workers) w.worker.postMessage({ type: 'pageTraffic', on: withPages });
		const item = decisions[index % decisions.length];
		const cpuB0 = cpuSeconds(server.pid);
		const benchB0 = benchCpu();
		const opened = await formAction(origin, pagePath, moderatorCookie, 'openPoll', {
			agendaItemId: item.id,
			motion: `${item.title} (${name})`,
			kind: 'vote',
			secrecy
		});
		const pollId = readDb.prepare("SELECT id FROM polls WHERE session_id = ? AND status = 'open'").pluck().get(session.id);
		check(`Part B ${name}: ?/openPoll answered 303 and the poll is open`, opened.status === 303 && Boolean(pollId), `${opened.status}`);
		for (const w of workers) w.worker.postMessage({ type: 'expectPoll', pollId });
		// Voting starts when the moderator's screen shows the poll. With page traffic, the
		// participants' pages are still reloading their data then: that herd is part of what the
		// first seconds cost.
		await until(() => plenary.readPoll(doc)?.id === pollId, 10_000, 'the poll on the moderator screen');

		const plan = planVotes(members, mode, random(index + 1), { spreadSeconds: VOTE_SECONDS, duplicateShare: DUPLICATE_SHARE });
		const posts = [];
		const pages = [];
		const get = async (path, cookie, accept) => {
			const p0 = performance.now();
			const status = await fetch(`${origin}${path}`, { headers: { cookie, accept } })
				.then(async (page) => (await page.text(), page.status))
				.catch((error) => String(error.cause?.code ?? error.message));
			return { status, ms: performance.now() - p0 };
		};
		const cast = async (entry) => {
			const enhanced = withPages && !entry.m.noScript;
			// Without JavaScript, the ballot appears only after a reload of the page.
			if (withPages && entry.m.noScript) pages.push({ ...(await get(pagePath, entry.m.cookie, 'text/html')), what: 'reload' });
			const answers = await Promise.all(
				entry.sends.map((choice) => formAction(origin, pagePath, entry.m.cookie, 'vote', { pollId, choice }, { enhanced }).then((r) => ({ ...r, choice })))
			);
			for (const a of answers) posts.push({ ...a, m: entry.m, duplicate: entry.sends.length > 1 });
			const accepted = answers.find((a) => a.status === 303);
			// Without JavaScript, the browser follows the 303 to the page.
			if (withPages && accepted && !enhanced) pages.push({ ...(await get(accepted.location.split('#')[0], entry.m.cookie, 'text/html')), what: 'page' });
		};
		const v0 = performance.now();
		const sentFrom = wallClock();
		await sendVotes(mode, plan, cast, BURST_CONCURRENCY);
		const votingSeconds = (performance.now() - v0) / 1000;
		const accepted = posts.filter((p) => p.status === 303);
		const lastAnswer = Math.max(...accepted.map((p) => p.answeredAt));
		const seen = await ask({ type: 'pollSeen', cast: accepted.length, timeoutMs: 15_000 }, 'pollSeen');
		const seenAt = seen.flatMap((s) => s.seenAt);
		const cpuB = cpuSeconds(server.pid) - cpuB0;
		const benchB = benchCpu() - benchB0;
		const secondsB = (wallClock() - opened.answeredAt + opened.ms) / 1000;
		const allSeen = seenAt.every((t) => t !== null);
		const showMs = seenAt
			.filter((t) => t !== null)
			.map((t) => t - lastAnswer)
			.sort((a, b) => a - b);

		const closed = await formAction(origin, pagePath, moderatorCookie, 'closePoll', { pollId });
		const closedSeen = await ask({ type: 'pollSeen', closed: true, timeoutMs: 15_000 }, 'pollSeen');

		// What the database holds.
		const sent = { yes: 0, no: 0, abstain: 0 };
		for (const p of accepted) sent[p.choice]++;
		const ballots = readDb.prepare('SELECT voter_person_id AS voter, seat_person_id AS seat, choice FROM poll_ballots WHERE poll_id = ?').all(pollId);
		const tallies = Object.fromEntries(readDb.prepare('SELECT choice, count FROM poll_tallies WHERE poll_id = ?').raw().all(pollId));
		const resolution = readDb.prepare('SELECT number, outcome, tally, seats FROM resolutions WHERE poll_id = ?').get(pollId);
		const ourIds = new Set(members.map((m) => m.personId));
		const pairs = plan.filter((e) => e.sends.length > 1);
		const pairAnswers = pairs.map((e) => posts.filter((p) => p.m === e.m));
		const refusedRight = pairAnswers.filter(
			(a) => a.filter((p) => p.status === 303).length === 1 && a.some((p) => p.status === 400 && p.body.includes(alreadyVoted))
		).length;
		const singlesAccepted = posts.filter((p) => !p.duplicate && p.status === 303).length;
		const otherAnswers = posts.filter((p) => p.status !== 303 && !(p.status === 400 && p.body.includes(alreadyVoted)));
		const byVoter = new Map(accepted.map((p) => [p.m.personId, p.choice]));
		const sum = Object.values(tallies).reduce((s, n) => s + n, 0);
		const same = (a, b) => ['yes', 'no', 'abstain'].every((c) => (a?.[c] ?? 0) === (b?.[c] ?? 0));
		const docsClosed = closedSeen.flatMap((s) => s.polls);
		const ballotLoads = [...seen, ...closedSeen].flatMap((s) => s.ballotLoads);
		const onOpen = ballotLoads.filter((d) => d.key === `${pollId}:open`);
		const sortedMs = (list) => list.map((d) => d.ms).sort((a, b) => a - b);
		const ballotShown = onOpen.map((d) => d.doneAt - opened.answeredAt).sort((a, b) => a - b);
		const withScript = members.filter((m) => !m.noScript).length;

		if (process.env.BENCH_VERBOSE) {
			// Where in the window the slow answers were: queueing behind a burst, or a stall.
			const bySecond = new Map();
			for (const p of posts) {
				const second = Math.floor((p.answeredAt - p.ms - sentFrom) / 1000);
				bySecond.set(second, [...(bySecond.get(second) ?? []), p.ms]);
			}
			for (const [second, list] of [...bySecond].sort((a, b) => a[0] - b[0]))
				console.error(
					`${name} second ${second}: ${list.length} posts, p50 ${fmt(
						percentile(
							list.sort((a, b) => a - b),
							50
						)
					)} ms, max ${fmt(list.at(-1))} ms`
				);
		}
		const votes = accepted.map((p) => p.ms).sort((a, b) => a - b);
		const pageMs = (what) =>
			pages
				.filter((p) => p.what === what)
				.map((p) => p.ms)
				.sort((a, b) => a - b);
		rounds.push({
			name,
			mode,
			pages: withPages,
			secrecy,
			posts: posts.length,
			accepted: accepted.length,
			refused: refusedRight,
			pairs: pairs.length,
			other: otherAnswers.length,
			votingSeconds,
			votesPerSecond: accepted.length / votingSeconds,
			p50: percentile(votes, 50),
			p99: percentile(votes, 99),
			answers: ['page', 'reload'].map((what) => ({ what, n: pageMs(what).length, p50: percentile(pageMs(what), 50), p99: percentile(pageMs(what), 99) })),
			onOpen: onOpen.length,
			openP50: percentile(sortedMs(onOpen), 50),
			openP99: percentile(sortedMs(onOpen), 99),
			ballotShownMax: ballotShown.at(-1),
			showMin: showMs[0],
			showMax: showMs.at(-1),
			allSeen,
			cpuB,
			benchB,
			secondsB,
			sent,
			tallies,
			resolution
		});

		burstVerdict(rounds.at(-1), check);
		const tag = `Part B ${name} (${secrecy})`;
		check(
			`${tag}: ${N} votes accepted (303), one per member`,
			accepted.length === N && singlesAccepted + pairs.length === N && byVoter.size === N,
			`${accepted.length}`
		);
		check(
			`${tag}: every accepted vote counted exactly once: ballots and tallies match the accepted answers`,
			ballots.length === accepted.length && ballots.every((b) => byVoter.has(b.voter)) && same(tallies, sent),
			`${ballots.length} ballots, ${sum} in tallies, ${accepted.length} accepted`
		);
		check(
			`${tag}: all votes answered within ${VOTE_SECONDS} s of the first sent`,
			(lastAnswer - sentFrom) / 1000 <= VOTE_SECONDS,
			`${fmt((lastAnswer - sentFrom) / 1000, 2)} s`
		);
		check(`${tag}: each of ${pairs.length} duplicate pairs: one counted, one refused as already_voted`, refusedRight === pairs.length, `${refusedRight}`);
		check(
			`${tag}: no other answers (errors, other refusals)`,
			otherAnswers.length === 0,
			[...new Set(otherAnswers.map((p) => p.status))].map((st) => `${otherAnswers.filter((p) => p.status === st).length} × ${st}`).join(', ')
		);
		check(
			`${tag}: poll_ballots has exactly ${N} rows, one per member, all ours`,
			ballots.length === N && new Set(ballots.map((b) => b.voter)).size === N && ballots.every((b) => ourIds.has(b.voter) && b.seat === b.voter),
			`${ballots.length}`
		);
		check(
			`${tag}: ${secrecy === 'secret' ? 'no ballot stores a choice' : "every ballot stores its member's accepted choice"}`,
			secrecy === 'secret' ? ballots.every((b) => b.choice === null) : ballots.every((b) => b.choice === byVoter.get(b.voter)),
			''
		);
		check(`${tag}: poll_tallies sum to ${N} and match the accepted choices`, sum === N && same(tallies, sent), JSON.stringify(tallies));
		check(
			`${tag}: ?/closePoll answered 303; the resolution holds the same counts`,
			closed.status === 303 && Boolean(resolution) && same(JSON.parse(resolution.tally), sent),
			resolution ? `#${resolution.number} ${resolution.outcome} ${resolution.seats}` : `${closed.status}`
		);
		check(
			`${tag}: every participant's document showed cast = ${N}`,
			allSeen && accepted.length === N,
			`${seenAt.filter((t) => t !== null).length} of ${N} screens showed ${accepted.length}`
		);
		check(
			`${tag}: every participant's document shows the closed result with those counts`,
			docsClosed.length === N && docsClosed.every((p) => p?.id === pollId && p.status === 'closed' && p.cast === accepted.length && same(p.tally, sent)),
			''
		);
		if (withPages) {
			const noScript = N - withScript;
			check(
				`${tag}: each of the ${noScript} pages without JavaScript loaded before and after the vote (200)`,
				pages.length === 2 * noScript && pages.every((p) => p.status === 200),
				`${pages.filter((p) => p.status === 200).length} of ${pages.length}`
			);
			// A member whose vote went in before the fetch came back is told it is counted.
			const standing = (d) => d.status === 200 && (d.state === 'can_vote' || d.state === 'voted');
			check(
				`${tag}: every screen with JavaScript fetched its ballot when the poll opened (200: may vote, or voted)`,
				onOpen.length === withScript && onOpen.every(standing),
				`${onOpen.length}, ${onOpen.filter((d) => !standing(d)).length} not`
			);
		}
	}
	readDb.close();

	if (rounds.length > 0) {
		console.log(
			`\nPart B: ${N} checked-in voting members vote over HTTP (plain form posts with their session cookie); ${Math.round(DUPLICATE_SHARE * 100)} % post twice at the same moment with another choice\n`
		);
		console.log(
			table(
				[
					'mode',
					'poll',
					'posts',
					'accepted',
					'duplicates refused',
					'other answers',
					'voting took s',
					'votes/s',
					'vote p50 ms',
					'vote p99 ms',
					'last vote → screens show N ms (first / all)',
					'open → all see N: s, server CPU s, benchmark CPU s',
					'tally yes/no/abstain',
					'resolution'
				],
				rounds.map((r) => [
					`${roundLabel(r.mode, { spreadSeconds: VOTE_SECONDS, concurrency: BURST_CONCURRENCY, members: N })}${r.pages ? ' + page traffic' : ''}`,
					r.secrecy,
					r.posts,
					r.accepted,
					`${r.refused} of ${r.pairs}`,
					r.other,
					fmt(r.votingSeconds, 2),
					fmt(r.votesPerSecond, 0),
					fmt(r.p50),
					fmt(r.p99),
					`${fmt(r.showMin, 0)} / ${r.allSeen ? fmt(r.showMax, 0) : 'not all'}`,
					`${fmt(r.secondsB)}, ${fmt(r.cpuB, 2)}, ${fmt(r.benchB, 2)}`,
					`${r.tallies.yes}/${r.tallies.no}/${r.tallies.abstain}`,
					r.resolution ? `#${r.resolution.number} ${r.resolution.outcome}` : 'none'
				])
			)
		);
		if (rounds.some((r) => r.pages)) {
			console.log(
				`\nPage traffic around the votes, as the session page causes it in a browser: with JavaScript, a ballot fetch (GET …/ballot) when the poll opens, and the vote posted with use:enhance; without (${Math.round(NO_SCRIPT_SHARE * 100)} %), a page reload to see the ballot and the page the vote's 303 leads to\n`
			);
			const answer = (r, what) => r.answers.find((a) => a.what === what);
			console.log(
				table(
					[
						'mode',
						'ballot fetch on open: n, p50 / p99 ms',
						'ballot on every screen after open ms',
						'no script, reload: n, p50 / p99 ms',
						'no script, page after vote: n, p50 / p99 ms'
					],
					rounds
						.filter((r) => r.pages)
						.map((r) => [
							r.name,
							`${r.onOpen}, ${fmt(r.openP50)} / ${fmt(r.openP99)}`,
							fmt(r.ballotShownMax, 0),
							...['reload', 'page'].map((what) => `${answer(r, what).n}, ${fmt(answer(r, what).p50)} / ${fmt(answer(r, what).p99)}`)
						])
				)
			);
		}
	}
	console.log(`\nServer peak RSS ${fmt(memory(server.pid).peak / 2 ** 20)} MB; load average at the end ${load()}\n`);
	for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what}${c.detail ? ` (${c.detail})` : ''}`);
	failed = checks.some((c) => !c.ok);
	moderator.destroy();
} catch (error) {
	console.error(error);
	failed = true;
} finally {
	await Promise.all(
		workers.map(async (w) => {
			const closed = w.next('closed');
			w.worker.postMessage({ type: 'close' });
			await Promise.race([closed, sleep(10_000)]);
			await w.worker.terminate();
		})
	);
	await server.stop();
	server.cleanup();
}
process.exit(failed ? 1 : 0);
