// The arrival (issue 15), part of `npm run bench:plenary`; run it alone with BENCH_PARTS=arrival.
// When a sitting starts, hundreds of phones load the participant pages at once: the session page
// of a signed-in voting member (/conferences/<c>/plenary/<s>) and the easy session page
// (/einfach/sitzung/<s>). On its own server (build/server.js, fresh database, demo seeded, plus N
// voting members each with a session of their own; the moderator's console holds the document
// open, as during a sitting), it measures:
// (a) N members loading the session page within BENCH_ARRIVAL_SECONDS (10 s), each with its own
//     cookie; then `wrk` at 10 and 50 connections on both pages (the members' cookies in turn),
//     with requests/s, p50/p99, the server's CPU and its resident memory before and after;
// (b) the sitting under way: the N participants follow the document over WebSockets (stock
//     y-websocket clients), the moderator moves through the items and calls the next speaker, and
//     BENCH_EASY_READERS (100) of them read the easy page without JavaScript, reloading it every
//     20 s: p99 of those reloads and the server's CPU.
// Targets: ≥ 800 requests/s at 50 connections on both pages with p99 ≤ 150 ms, and memory that
// does not keep growing. Returns the checks; plenary.mjs prints them with its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ensureDebianPackages } from '../lib/setup.mjs';
import { openDatabase } from '../lib/database.mjs';
import { addMembers } from '../lib/members.mjs';
import { client, cpuSeconds, memory, percentile, sleep, startOurs, table, until } from './lib.mjs';
import { bundlePlenary, random } from './plenaryBurst.mjs';

const TARGET = { rps: 800, p99Ms: 150, growthMB: 64 };
const N = Number(process.env.BENCH_PARTICIPANTS ?? 500);
const ARRIVAL_SECONDS = Number(process.env.BENCH_ARRIVAL_SECONDS ?? 10);
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 10);
const WRK_CONNECTIONS = (process.env.BENCH_WRK_CONNECTIONS ?? '10,50').split(',').map(Number);
const FOLLOW_SECONDS = Number(process.env.BENCH_FOLLOW_SECONDS ?? 60);
const EASY_READERS = Math.min(N, Number(process.env.BENCH_EASY_READERS ?? 100));
const EASY_RELOAD_SECONDS = 20;
const SPEAKERS = Math.min(N, Number(process.env.BENCH_SPEAKERS ?? 30));

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const MB = (bytes) => bytes / 2 ** 20;
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

async function signInAs(origin, link) {
	const response = await fetch(link.replace(/^http:\/\/[^/]+/, origin), {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	return response.headers
		.getSetCookie()
		.find((c) => c.startsWith('ratschlag_session='))
		.split(';')[0];
}

async function get(origin, path, cookie) {
	const t0 = performance.now();
	try {
		const response = await fetch(`${origin}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
		const body = await response.text();
		return { status: response.status, ms: performance.now() - t0, body };
	} catch (error) {
		return { status: String(error.cause?.code ?? error.message), ms: performance.now() - t0, body: '' };
	}
}

/**
 * wrk with a Lua script that sends the members' cookies in turn (each request another person, as
 * in the room) and prints its figures as one JSON line. The timeout is long: a request wrk gave up
 * on would be missing from its percentiles.
 */
function runWrk(origin, path, cookies, connections, dir) {
	const script = join(dir, `wrk-${connections}.lua`);
	writeFileSync(
		script,
		`local cookies = {${cookies.map((c) => JSON.stringify(c)).join(',')}}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("start", threads * 131) end
function init(args) counter = start or 0 end
function request()
  counter = counter % #cookies + 1
  return wrk.format("GET", ${JSON.stringify(path)}, { ["Cookie"] = cookies[counter], ["Accept"] = "text/html" })
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"us":%d,"p50":%d,"p99":%d,"max":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
`
	);
	const threads = Math.min(2, connections);
	const result = spawnSync('wrk', [`-t${threads}`, `-c${connections}`, `-d${WRK_SECONDS}s`, '--timeout', '30s', '-s', script, `${origin}${path}`], {
		encoding: 'utf8'
	});
	const line = result.stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
	if (!line) throw new Error(`wrk gave no figures: ${result.stdout}${result.stderr}`);
	const r = JSON.parse(line.slice(8));
	return {
		rps: r.requests / (r.us / 1e6),
		requests: r.requests,
		p50: r.p50 / 1000,
		p99: r.p99 / 1000,
		max: r.max / 1000,
		errors: r.status + r.connect + r.read + r.write + r.timeout
	};
}

export async function runArrival() {
	const checks = [];
	const check = (what, ok, detail = '') => checks.push({ what: `Arrival: ${what}`, ok, detail });
	if (spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status !== 0) ensureDebianPackages(['wrk'], 'to measure the arrival (bench:plenary)');

	const server = await startOurs();
	const origin = server.url.replace(/^ws/, 'http').replace(/\/collab$/, '');
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-arrival-'));
	const closers = [];
	try {
		const plenaryModule = await bundlePlenary('plenary-arrival');
		const plenary = await import(plenaryModule);
		const db = new Database(join(server.home, 'ratschlag.sqlite'));
		db.pragma('busy_timeout = 10000');
		const session = db.prepare('SELECT id, conference_id AS conferenceId, title FROM plenary_sessions ORDER BY abs(starts_at - ?) LIMIT 1').get(Date.now());
		const pagePath = `/conferences/${session.conferenceId}/plenary/${session.id}`;
		const easyPath = `/einfach/sitzung/${session.id}`;
		const docName = `plenary:${session.id}`;
		db.close();
		const data = await openDatabase(server.database);
		// Every other one already checked in.
		const members = await addMembers(data, session, N, { name: 'Teilnehmende', checkedIn: (i) => i % 2 === 0 });
		await data.close();
		const access = JSON.parse((await import('node:fs')).readFileSync(join(server.home, 'demo-access.json'), 'utf8')).access;
		const moderatorAccess = access.find((a) => a.role.startsWith('Moderation'));
		const moderatorCookie = await signInAs(origin, moderatorAccess.link);

		// The moderator's console is open when the sitting starts: the server holds the document.
		const moderator = client({ url: server.url, cookie: moderatorCookie }, docName, { awareness: true });
		closers.push(() => moderator.destroy());
		moderator.provider.awareness.setLocalStateField('user', { name: moderatorAccess.name });
		await moderator.synced;
		const doc = moderator.doc;
		for (const [title, type] of [
			['Bericht aus der AG Pflege', 'information'],
			['Empfehlung: Kurzzeitpflegeplätze im Landkreis', 'decision'],
			['Haushalt der Gesundheitskonferenz 2027', 'decision'],
			['Termine und Ausblick', 'information']
		])
			plenary.addAgendaItem(doc, { title, type, durationMinutes: 15, presenter: moderatorAccess.name, description: '' });
		const items = plenary.readAgenda(doc).filter((item) => item.type !== 'break');
		plenary.setCurrentItem(doc, items[0].id);
		// A list of speakers: members who checked in ask through the page's form, as on their phones.
		const asked = await Promise.all(
			members
				.filter((m) => m.checkedIn)
				.slice(0, SPEAKERS)
				.map((m) =>
					fetch(`${origin}${pagePath}?/requestToSpeak`, {
						method: 'POST',
						redirect: 'manual',
						headers: { origin, cookie: m.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
						body: ''
					}).then((r) => r.status)
				)
		);
		check(
			`${SPEAKERS} members asked to speak (303)`,
			asked.every((s) => s === 303),
			asked.filter((s) => s !== 303).join(' ')
		);
		await until(() => plenary.readSpeakers(doc).queue.length >= SPEAKERS, 10_000, 'the list of speakers on the moderator screen');

		const first = await get(origin, pagePath, members[0].cookie);
		const firstEasy = await get(origin, easyPath, members[1].cookie);
		check(
			'both pages answer a member with 200 and show the session',
			first.status === 200 && firstEasy.status === 200 && first.body.includes(session.title.slice(0, 20)),
			`${first.status} ${firstEasy.status}`
		);
		console.error(`arrival: set up (${N} members, ${SPEAKERS} speakers); load average ${load()}`);

		// (a) The arrival: every member opens the page once, at a random moment of the window.
		const rand = random(15);
		const rssStart = memory(server.pid).rss;
		const cpu0 = cpuSeconds(server.pid);
		const t0 = performance.now();
		const arrivals = await Promise.all(members.map((m) => sleep(rand() * ARRIVAL_SECONDS * 900).then(() => get(origin, pagePath, m.cookie))));
		const arrivalSeconds = (performance.now() - t0) / 1000;
		const arrivalCpu = cpuSeconds(server.pid) - cpu0;
		const arrivalMs = arrivals.map((a) => a.ms).sort((a, b) => a - b);
		const arrival = {
			ok: arrivals.filter((a) => a.status === 200).length,
			p50: percentile(arrivalMs, 50),
			p99: percentile(arrivalMs, 99),
			max: arrivalMs.at(-1),
			seconds: arrivalSeconds,
			cpu: arrivalCpu,
			rss: memory(server.pid).rss,
			load: load()
		};
		check(
			`${N} members loaded the session page within ${ARRIVAL_SECONDS} s (all 200)`,
			arrival.ok === N && arrivalSeconds <= ARRIVAL_SECONDS + 1,
			`${arrival.ok}, ${fmt(arrivalSeconds, 2)} s`
		);
		check(`the arrival's p99 ≤ ${TARGET.p99Ms} ms`, arrival.p99 <= TARGET.p99Ms, `${fmt(arrival.p99)} ms`);

		// wrk on both pages.
		const cookies = members.map((m) => m.cookie);
		const runs = [];
		for (const [name, path] of [
			['session page', pagePath],
			['easy page', easyPath]
		])
			for (const connections of WRK_CONNECTIONS) {
				const rssBefore = memory(server.pid).rss;
				const c0 = cpuSeconds(server.pid);
				const w0 = performance.now();
				const figures = runWrk(origin, path, cookies, connections, dir);
				const cpu = cpuSeconds(server.pid) - c0;
				const cpuShare = cpu / ((performance.now() - w0) / 1000);
				// CPU per request says what the server would serve with a core to itself, whatever else runs here.
				runs.push({
					name,
					connections,
					...figures,
					cpuShare,
					cpuMs: (cpu * 1000) / figures.requests,
					rssBefore,
					rssAfter: memory(server.pid).rss,
					load: load()
				});
				console.error(`arrival: wrk ${name} ${connections} connections: ${fmt(figures.rps, 0)} req/s, p99 ${fmt(figures.p99)} ms; load average ${load()}`);
			}
		const rssEnd = memory(server.pid).rss;
		for (const r of runs.filter((r) => r.connections === Math.max(...WRK_CONNECTIONS))) {
			check(
				`${r.name}, ${r.connections} connections: ≥ ${TARGET.rps} requests/s with p99 ≤ ${TARGET.p99Ms} ms, no errors`,
				r.rps >= TARGET.rps && r.p99 <= TARGET.p99Ms && r.errors === 0,
				`${fmt(r.rps, 0)} req/s, p99 ${fmt(r.p99)} ms, ${r.errors} errors`
			);
		}
		// Flat: what the first run took may stay (caches, the heap's working size); after it, no more growth.
		const growth = MB(rssEnd - runs[0].rssAfter);
		check(`server memory flat under load (RSS after the first wrk run to the end ≤ +${TARGET.growthMB} MB)`, growth <= TARGET.growthMB, `${fmt(growth)} MB`);

		console.log(
			`\nThe arrival: ${N} members (each their own session cookie) load the session page within ${ARRIVAL_SECONDS} s; the moderator's console holds the document\n`
		);
		console.log(
			table(
				['loaded (200)', 'took s', 'p50 ms', 'p99 ms', 'max ms', 'server CPU s', 'server CPU ms/request', 'RSS before → after MB', 'load average'],
				[
					[
						`${arrival.ok} of ${N}`,
						fmt(arrival.seconds, 2),
						fmt(arrival.p50),
						fmt(arrival.p99),
						fmt(arrival.max),
						fmt(arrival.cpu, 2),
						fmt((arrival.cpu * 1000) / N, 2),
						`${fmt(MB(rssStart), 0)} → ${fmt(MB(arrival.rss), 0)}`,
						arrival.load
					]
				]
			)
		);
		console.log(`\nwrk, ${WRK_SECONDS} s per run, the ${N} members' cookies in turn\n`);
		console.log(
			table(
				[
					'page',
					'connections',
					'requests/s',
					'p50 ms',
					'p99 ms',
					'max ms',
					'errors',
					'server CPU (cores)',
					'server CPU ms/request',
					'RSS before → after MB',
					'load average'
				],
				runs.map((r) => [
					r.name,
					r.connections,
					fmt(r.rps, 0),
					fmt(r.p50),
					fmt(r.p99),
					fmt(r.max),
					r.errors,
					fmt(r.cpuShare, 2),
					fmt(r.cpuMs, 2),
					`${fmt(MB(r.rssBefore), 0)} → ${fmt(MB(r.rssAfter), 0)}`,
					r.load
				])
			)
		);

		// (b) The sitting under way (BENCH_FOLLOW_SECONDS=0 leaves it out).
		if (FOLLOW_SECONDS <= 0) return checks;
		const workers = [];
		const THREADS = 2;
		for (let w = 0; w < THREADS; w++) {
			const share = members.slice(Math.floor((w * N) / THREADS), Math.floor(((w + 1) * N) / THREADS));
			const worker = new Worker(new URL('./plenaryClients.mjs', import.meta.url), {
				workerData: {
					plenaryParticipants: {
						url: server.url,
						origin,
						pagePath,
						docName,
						cookies: share.map((m) => m.cookie),
						names: share.map(() => ''),
						noScript: share.map(() => false),
						presence: false,
						joinMs: 10_000,
						screenReads: true,
						plenaryModule
					}
				}
			});
			const next = (type) => new Promise((resolve) => worker.on('message', (m) => m.type === type && resolve(m)));
			workers.push({ worker, next });
		}
		closers.push(async () => {
			for (const w of workers) {
				const closed = w.next('closed');
				w.worker.postMessage({ type: 'close' });
				await Promise.race([closed, sleep(10_000)]);
				await w.worker.terminate();
			}
		});
		await Promise.all(workers.map((w) => w.next('synced')));
		await sleep(2000);
		console.error(`arrival: ${N} participants follow the document; load average ${load()}`);
		const readers = members.slice(N - EASY_READERS);
		const reloads = [];
		const rssFollow0 = memory(server.pid).rss;
		const cpuFollow0 = cpuSeconds(server.pid);
		const f0 = performance.now();
		const end = f0 + FOLLOW_SECONDS * 1000;
		const moderating = (async () => {
			// The moderator calls the next speaker every 5 s and moves to the next item every 20 s.
			for (let k = 1; performance.now() < end; k++) {
				await sleep(5000);
				if (k % 4 === 0) plenary.setCurrentItem(doc, items[(k / 4) % items.length].id);
				else plenary.nextSpeaker(doc);
			}
		})();
		const reading = readers.map(async (m) => {
			await sleep(rand() * EASY_RELOAD_SECONDS * 1000);
			while (performance.now() < end) {
				const r = await get(origin, easyPath, m.cookie);
				reloads.push({ status: r.status, ms: r.ms });
				await sleep(EASY_RELOAD_SECONDS * 1000 - r.ms);
			}
		});
		await Promise.all([moderating, ...reading]);
		const followSeconds = (performance.now() - f0) / 1000;
		const followCpu = cpuSeconds(server.pid) - cpuFollow0;
		const reloadMs = reloads.map((r) => r.ms).sort((a, b) => a - b);
		const follow = {
			reloads: reloads.length,
			ok: reloads.filter((r) => r.status === 200).length,
			p50: percentile(reloadMs, 50),
			p99: percentile(reloadMs, 99),
			cpuShare: followCpu / followSeconds,
			rss: `${fmt(MB(rssFollow0), 0)} → ${fmt(MB(memory(server.pid).rss), 0)}`
		};
		check(
			`under way: ${EASY_READERS} easy pages without JavaScript reloaded every ${EASY_RELOAD_SECONDS} s, all 200`,
			follow.ok === follow.reloads && follow.reloads > 0,
			`${follow.ok} of ${follow.reloads}`
		);
		check(`under way: easy page reload p99 ≤ ${TARGET.p99Ms} ms`, follow.p99 <= TARGET.p99Ms, `${fmt(follow.p99)} ms`);
		console.log(
			`\nThe sitting under way (${fmt(followSeconds, 0)} s): ${N} participants follow the document over WebSockets, a list of ${SPEAKERS} speakers, the moderator calls the next speaker every 5 s and the next item every 20 s; ${EASY_READERS} of them reload the easy page without JavaScript every ${EASY_RELOAD_SECONDS} s\n`
		);
		console.log(
			table(
				['easy reloads (200)', 'p50 ms', 'p99 ms', 'server CPU (cores)', 'server CPU s', 'RSS MB', 'load average'],
				[[`${follow.ok} of ${follow.reloads}`, fmt(follow.p50), fmt(follow.p99), fmt(follow.cpuShare, 2), fmt(followCpu, 1), follow.rss, load()]]
			)
		);
		console.log(`\nArrival server peak RSS ${fmt(MB(memory(server.pid).peak), 0)} MB; load average at the end ${load()}`);
	} catch (error) {
		console.error(error);
		check('ran to the end', false, String(error?.message ?? error));
	} finally {
		for (const close of closers.reverse()) await close();
		await server.stop();
		server.cleanup();
		rmSync(dir, { recursive: true, force: true });
	}
	return checks;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const checks = await runArrival();
	for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'}  ${c.what}${c.detail ? ` (${c.detail})` : ''}`);
	process.exit(checks.every((c) => c.ok) ? 0 : 1);
}
