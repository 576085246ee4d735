// npm run bench:plenary
// Issue 4's figures: N participants (500) follow a plenary session's document while a moderator
// runs it (p99 from moderator action to participant update ≤ 100 ms), and N votes cast over HTTP
// within 10 seconds are all counted exactly once. Our production server (build/server.js) runs
// as a child process on a fresh database (demo seeded, plus N voting members checked in to
// today's session); participants are stock y-websocket clients, each signed in as its own
// member. Prints tables and PASS/FAIL; exits with 1 when a check fails.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { client, cpuSeconds, memory, percentile, sleep, startOurs, table, until } from './lib.mjs';
import { runParticipants, STAMP } from './plenaryClients.mjs';
import { ensureBuild, root } from '../lib/setup.mjs';

// Every stock provider adds a process 'exit' listener in Node; hundreds are expected here.
process.setMaxListeners(0);
// Unlike bench:collab, no ensureNpmDependencies(): a stale marker would run `npm ci`, which
// replaces node_modules under whatever else runs from this tree (`npm start`/`npm test` install).
ensureBuild();

const N = Number(process.env.BENCH_PARTICIPANTS ?? 500);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 100);
const ACTION_INTERVAL_MS = Number(process.env.BENCH_ACTION_INTERVAL_MS ?? 200);
// Participants set a presence (their name) like the session page does; each stock client then
// parses every presence change of the room, which one thread cannot do for 500 and still time
// the updates it receives (see bench:collab (b)).
const PRESENCE = process.env.BENCH_PRESENCE !== '0';
const THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? 2);
const VOTE_SECONDS = Number(process.env.BENCH_VOTE_SECONDS ?? 10);
const DUPLICATE_SHARE = Number(process.env.BENCH_DUPLICATES ?? 0.1);
// spread: each member votes at a random moment of the first 90 % of the window (the last answers
// must be in within it); burst: all at once, BENCH_VOTE_CONCURRENCY members at a time.
const VOTE_MODES = (process.env.BENCH_VOTE_MODES ?? 'spread,burst').split(',').filter(Boolean);
const BURST_CONCURRENCY = Number(process.env.BENCH_VOTE_CONCURRENCY ?? 100);
// The ballot is a plain form: after the 303 the browser loads the session page again.
const RELOAD = process.env.BENCH_VOTE_RELOAD !== '0';
const P99_LIMIT_MS = 100;

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const wallClock = () => performance.timeOrigin + performance.now();
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const checks = [];
const check = (what, ok, detail = '') => checks.push({ what, ok, detail });

/** A small seeded generator, so two runs vote the same way. */
function random(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The moderator and the participants call the very functions the UI calls (src/lib/plenary/*.ts):
 * esbuild (already used for build/server.js) bundles them, with yjs left to node_modules so the
 * bundle shares the clients' Yjs instance.
 */
async function bundlePlenary() {
	const { build } = await import('esbuild');
	const dir = join(root, 'node_modules', '.cache', 'ratschlag-bench');
	mkdirSync(dir, { recursive: true });
	const outfile = join(dir, 'plenary.mjs');
	await build({
		stdin: {
			contents: ['agenda', 'live', 'speakers', 'poll'].map((m) => `export * from './src/lib/plenary/${m}.ts';`).join('\n'),
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

/**
 * N voting members of the demo conference, checked in to the session by code, each with a
 * signed-in session the way sessions.ts makes them (only the SHA-256 of the cookie token is
 * stored). Written straight into the running server's SQLite file (WAL): nothing in the server
 * caches people or sessions, every request and upgrade reads them.
 */
function addMembers(db, session, n) {
	const id = () => randomBytes(10).toString('hex');
	const now = Date.now();
	const people = db.prepare('INSERT INTO people (id, display_name, preferred_locale, prefers_easy_language, created_at) VALUES (?, ?, ?, 0, ?)');
	const membership = db.prepare("INSERT INTO conference_memberships (id, conference_id, person_id, role, member_status, created_at) VALUES (?, ?, ?, 'member', 'voting', ?)");
	const attendance = db.prepare("INSERT INTO attendance (id, session_id, person_id, checked_in_at, method) VALUES (?, ?, ?, ?, 'code')");
	const sessions = db.prepare('INSERT INTO sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
	const members = [];
	db.transaction(() => {
		for (let i = 0; i < n; i++) {
			const personId = id();
			const name = `Mitglied ${String(i + 1).padStart(3, '0')}`;
			const token = randomBytes(20).toString('hex');
			people.run(personId, name, 'de', now);
			membership.run(id(), session.conferenceId, personId, now);
			attendance.run(id(), session.id, personId, now - 60_000 + i);
			sessions.run(createHash('sha256').update(token).digest('hex'), personId, now, now + 30 * 86_400_000);
			members.push({ personId, name, cookie: `ratschlag_session=${token}` });
		}
	})();
	return members;
}

/** Signs in with a demo access link: one POST, as the link page's button does. */
async function signIn(origin, link) {
	const response = await fetch(link.replace(/^http:\/\/[^/]+/, origin), {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	return response.headers.getSetCookie().find((c) => c.startsWith('ratschlag_session=')).split(';')[0];
}

/** A form post to the session page, as a browser without JavaScript sends it. */
async function formAction(origin, path, cookie, action, fields) {
	const t0 = performance.now();
	const response = await fetch(`${origin}${path}?/${action}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString()
	});
	const body = await response.text();
	return { status: response.status, body, ms: performance.now() - t0, location: response.headers.get('location'), answeredAt: wallClock() };
}

const server = await startOurs();
const origin = server.url.replace(/^ws/, 'http').replace(/\/collab$/, '');
const workers = [];
let failed = false;
try {
	const plenaryModule = await bundlePlenary();
	const plenary = await import(plenaryModule);
	const db = new Database(join(server.home, 'ratschlag.sqlite'));
	db.pragma('busy_timeout = 10000');
	// Today's sitting of the demo conference (the others are months away).
	const session = db.prepare('SELECT id, conference_id AS conferenceId FROM plenary_sessions ORDER BY abs(starts_at - ?) LIMIT 1').get(Date.now());
	const docName = `plenary:${session.id}`;
	const pagePath = `/conferences/${session.conferenceId}/plenary/${session.id}`;
	const members = addMembers(db, session, N);
	const access = JSON.parse(readFileSync(join(server.home, 'demo-access.json'), 'utf8')).access;
	const moderatorAccess = access.find((a) => a.role.startsWith('Moderation'));
	const moderatorCookie = await signIn(origin, moderatorAccess.link);
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
	for (const [title, type, durationMinutes] of more) plenary.addAgendaItem(doc, { title, type, durationMinutes, presenter: moderatorAccess.name, description: '' });
	const agenda = plenary.readAgenda(doc);
	const items = agenda.filter((item) => item.type !== 'break');
	const decisions = agenda.filter((item) => item.type === 'decision');

	// Enough people on the list of speakers for every "next speaker" of part A, through the
	// server command members use (they cannot write to the document themselves).
	const speakersWanted = Math.min(N, Math.ceil(ACTIONS / 5) + 5);
	const asked = await Promise.all(members.slice(0, speakersWanted).map((m) => formAction(origin, pagePath, m.cookie, 'requestToSpeak', {})));
	check(`${speakersWanted} members asked to speak (?/requestToSpeak answered 303)`, asked.every((r) => r.status === 303), asked.filter((r) => r.status !== 303).map((r) => r.status).join(' '));
	await until(() => plenary.readSpeakers(doc).queue.length === speakersWanted, 10_000, 'speakers on the moderator screen');

	// The participants, in worker threads (or in this thread with BENCH_CLIENT_THREADS=0).
	const rssBefore = memory(server.pid).rss;
	const t0 = performance.now();
	for (let w = 0; w < Math.max(1, THREADS); w++) {
		const first = Math.floor((w * N) / Math.max(1, THREADS));
		const last = Math.floor(((w + 1) * N) / Math.max(1, THREADS));
		const share = members.slice(first, last);
		const data = { url: server.url, docName, cookies: share.map((m) => m.cookie), names: share.map((m) => m.name), presence: PRESENCE, plenaryModule };
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
	const secondsA = (performance.now() - a0) / 1000;
	const latencies = results.flatMap((r) => r.latencies);
	const actionOf = results.flatMap((r) => r.actions);
	const sorted = [...latencies].sort((a, b) => a - b);
	const partA = {
		deliveries: latencies.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.at(-1)
	};
	const rssAfterA = memory(server.pid).rss;

	console.log(`\nPlenary benchmark: ${N} participants (each its own member session, read-only), presence ${PRESENCE ? 'on' : 'off'}, clients in ${THREADS === 0 ? 'the benchmark thread' : `${THREADS} worker thread(s)`}; load average ${load()}\n`);
	console.log(`Part A: the moderator makes ${ACTIONS} actions, one every ${ACTION_INTERVAL_MS} ms (src/lib/plenary/*.ts); each participant's screen reads the document again on every change\n`);
	console.log(
		table(
			['participants', 'actions', 'deliveries', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'server CPU s', 'CPU µs / delivery', 'RSS before / connected / after MB', 'all synced ms'],
			[[N, ACTIONS, `${partA.deliveries} of ${ACTIONS * N}`, fmt(partA.p50), fmt(partA.p95), fmt(partA.p99), fmt(partA.max), `${fmt(cpuA, 2)} in ${fmt(secondsA)} s`, fmt((cpuA * 1e6) / Math.max(1, partA.deliveries)), `${fmt(rssBefore / 2 ** 20)} / ${fmt(rssConnected / 2 ** 20)} / ${fmt(rssAfterA / 2 ** 20)}`, fmt(syncMs, 0)]]
		)
	);
	console.log();
	console.log(
		table(
			['action', 'p50 ms', 'p99 ms', 'max ms'],
			kinds.map(([name], i) => {
				const own = latencies.filter((_, j) => actionOf[j] % kinds.length === i).sort((a, b) => a - b);
				return [name, fmt(percentile(own, 50)), fmt(percentile(own, 99)), fmt(own.at(-1))];
			})
		)
	);
	check(`Part A: every participant got every action (${ACTIONS} × ${N})`, partA.deliveries === ACTIONS * N, `${partA.deliveries}`);
	check(`Part A: p99 action → participant update ≤ ${P99_LIMIT_MS} ms`, partA.p99 <= P99_LIMIT_MS, `${fmt(partA.p99)} ms`);

	// Part B: polls on decision items, one per mode.
	const rounds = [];
	const readDb = new Database(join(server.home, 'ratschlag.sqlite'), { readonly: true });
	for (const [index, mode] of VOTE_MODES.entries()) {
		// The first round is the secret vote the issue asks for; a second one is named, so every
		// ballot's stored choice can be compared with what its member sent.
		const secrecy = index === 0 ? 'secret' : 'named';
		const item = decisions[index % decisions.length];
		const opened = await formAction(origin, pagePath, moderatorCookie, 'openPoll', { agendaItemId: item.id, motion: `${item.title} (${mode})`, kind: 'vote', secrecy });
		const pollId = readDb.prepare("SELECT id FROM polls WHERE session_id = ? AND status = 'open'").pluck().get(session.id);
		check(`Part B ${mode}: ?/openPoll answered 303 and the poll is open`, opened.status === 303 && Boolean(pollId), `${opened.status}`);
		for (const w of workers) w.worker.postMessage({ type: 'expectPoll', pollId, cast: N });
		// Everyone's screen shows the ballot before anybody votes.
		await until(() => plenary.readPoll(doc)?.id === pollId, 10_000, 'the poll on the moderator screen');

		const rand = random(index + 1);
		const choices = ['yes', 'no', 'abstain'];
		const duplicates = new Set();
		while (duplicates.size < Math.round(N * DUPLICATE_SHARE)) duplicates.add(Math.floor(rand() * N));
		const plan = members.map((m, i) => {
			const r = rand();
			const choice = r < 0.55 ? 'yes' : r < 0.85 ? 'no' : 'abstain';
			// A double click or a second device: the same member, at the same moment, another choice.
			const again = duplicates.has(i) ? choices[(choices.indexOf(choice) + 1) % 3] : null;
			return { m, sends: again ? [choice, again] : [choice], at: mode === 'spread' ? rand() * VOTE_SECONDS * 900 : 0 };
		});
		const posts = [];
		const pages = [];
		const cast = async (entry) => {
			const answers = await Promise.all(entry.sends.map((choice) => formAction(origin, pagePath, entry.m.cookie, 'vote', { pollId, choice }).then((r) => ({ ...r, choice }))));
			for (const a of answers) posts.push({ ...a, m: entry.m, duplicate: entry.sends.length > 1 });
			const accepted = answers.find((a) => a.status === 303);
			if (RELOAD && accepted) {
				const p0 = performance.now();
				const page = await fetch(`${origin}${accepted.location.split('#')[0]}`, { headers: { cookie: entry.m.cookie, accept: 'text/html' } });
				await page.text();
				pages.push({ status: page.status, ms: performance.now() - p0 });
			}
		};
		const cpuB0 = cpuSeconds(server.pid);
		const v0 = performance.now();
		const sentFrom = wallClock();
		if (mode === 'spread') {
			await Promise.all(plan.map((entry) => sleep(entry.at).then(() => cast(entry))));
		} else {
			const queue = [...plan];
			await Promise.all(Array.from({ length: BURST_CONCURRENCY }, async () => {
				while (queue.length) await cast(queue.shift());
			}));
		}
		const votingSeconds = (performance.now() - v0) / 1000;
		const accepted = posts.filter((p) => p.status === 303);
		const lastAnswer = Math.max(...accepted.map((p) => p.answeredAt));
		const seen = await ask({ type: 'pollSeen', closed: false, timeoutMs: 15_000 }, 'pollSeen');
		const seenAt = seen.flatMap((s) => s.seenAt);
		const cpuB = cpuSeconds(server.pid) - cpuB0;
		const allSeen = seenAt.every((t) => t !== null);
		const showMs = seenAt.filter((t) => t !== null).map((t) => t - lastAnswer).sort((a, b) => a - b);

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
		const refusedRight = pairAnswers.filter((a) => a.filter((p) => p.status === 303).length === 1 && a.some((p) => p.status === 400 && p.body.includes(alreadyVoted))).length;
		const singlesAccepted = posts.filter((p) => !p.duplicate && p.status === 303).length;
		const otherAnswers = posts.filter((p) => p.status !== 303 && !(p.status === 400 && p.body.includes(alreadyVoted)));
		const byVoter = new Map(accepted.map((p) => [p.m.personId, p.choice]));
		const sum = Object.values(tallies).reduce((s, n) => s + n, 0);
		const same = (a, b) => ['yes', 'no', 'abstain'].every((c) => (a?.[c] ?? 0) === (b?.[c] ?? 0));
		const docsClosed = closedSeen.flatMap((s) => s.polls);

		const votes = accepted.map((p) => p.ms).sort((a, b) => a - b);
		const pageMs = pages.map((p) => p.ms).sort((a, b) => a - b);
		rounds.push({ mode, secrecy, posts: posts.length, accepted: accepted.length, refused: refusedRight, pairs: pairs.length, other: otherAnswers.length, votingSeconds, votesPerSecond: accepted.length / votingSeconds, p50: percentile(votes, 50), p99: percentile(votes, 99), pageP50: percentile(pageMs, 50), pageP99: percentile(pageMs, 99), showMin: showMs[0], showMax: showMs.at(-1), allSeen, cpuB, sent, tallies, resolution });

		const tag = `Part B ${mode} (${secrecy})`;
		check(`${tag}: ${N} votes accepted (303), one per member`, accepted.length === N && singlesAccepted + pairs.length === N && byVoter.size === N, `${accepted.length}`);
		check(`${tag}: all votes answered within ${VOTE_SECONDS} s of the first sent`, (lastAnswer - sentFrom) / 1000 <= VOTE_SECONDS, `${fmt((lastAnswer - sentFrom) / 1000, 2)} s`);
		check(`${tag}: each of ${pairs.length} duplicate pairs: one counted, one refused as already_voted`, refusedRight === pairs.length, `${refusedRight}`);
		check(`${tag}: no other answers (errors, other refusals)`, otherAnswers.length === 0, otherAnswers.slice(0, 3).map((p) => `${p.status}`).join(' '));
		check(`${tag}: poll_ballots has exactly ${N} rows, one per member, all ours`, ballots.length === N && new Set(ballots.map((b) => b.voter)).size === N && ballots.every((b) => ourIds.has(b.voter) && b.seat === b.voter), `${ballots.length}`);
		check(
			`${tag}: ${secrecy === 'secret' ? 'no ballot stores a choice' : "every ballot stores its member's accepted choice"}`,
			secrecy === 'secret' ? ballots.every((b) => b.choice === null) : ballots.every((b) => b.choice === byVoter.get(b.voter)),
			''
		);
		check(`${tag}: poll_tallies sum to ${N} and match the accepted choices`, sum === N && same(tallies, sent), JSON.stringify(tallies));
		check(`${tag}: ?/closePoll answered 303; the resolution holds the same counts`, closed.status === 303 && Boolean(resolution) && same(JSON.parse(resolution.tally), sent), resolution ? `#${resolution.number} ${resolution.outcome} ${resolution.seats}` : `${closed.status}`);
		check(`${tag}: every participant's document showed cast = ${N}`, allSeen, `${seenAt.filter((t) => t !== null).length} of ${N}`);
		check(`${tag}: every participant's document shows the closed result with those counts`, docsClosed.length === N && docsClosed.every((p) => p?.id === pollId && p.status === 'closed' && p.cast === N && same(p.tally, sent)), '');
		if (RELOAD) check(`${tag}: the page after each vote loaded (200)`, pages.length === N && pages.every((p) => p.status === 200), `${pages.filter((p) => p.status === 200).length}`);
	}
	readDb.close();
	db.close();

	if (rounds.length > 0) {
		console.log(`\nPart B: ${N} checked-in voting members vote over HTTP (form posts with their session cookie); ${Math.round(DUPLICATE_SHARE * 100)} % post twice at the same moment with another choice; ${RELOAD ? 'each loads the session page after its 303, as a browser without JavaScript does' : 'no page load after the vote'}\n`);
		console.log(
			table(
				['mode', 'poll', 'posts', 'accepted', 'duplicates refused', 'other answers', 'voting took s', 'votes/s', 'vote p50 ms', 'vote p99 ms', 'page after vote p50 / p99 ms', 'last vote → screens show N ms (first / all)', 'server CPU s', 'tally yes/no/abstain', 'resolution'],
				rounds.map((r) => [
					r.mode === 'spread' ? `spread over ${fmt(VOTE_SECONDS * 0.9, 1)} s` : `burst, ${BURST_CONCURRENCY} at a time`,
					r.secrecy,
					r.posts,
					r.accepted,
					`${r.refused} of ${r.pairs}`,
					r.other,
					fmt(r.votingSeconds, 2),
					fmt(r.votesPerSecond, 0),
					fmt(r.p50),
					fmt(r.p99),
					RELOAD ? `${fmt(r.pageP50)} / ${fmt(r.pageP99)}` : 'n/a',
					`${fmt(r.showMin, 0)} / ${r.allSeen ? fmt(r.showMax, 0) : 'not all'}`,
					fmt(r.cpuB, 2),
					`${r.tallies.yes}/${r.tallies.no}/${r.tallies.abstain}`,
					r.resolution ? `#${r.resolution.number} ${r.resolution.outcome}` : 'none'
				])
			)
		);
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
