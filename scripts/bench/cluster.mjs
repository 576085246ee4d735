// npm run bench:cluster
// Issue 19's figures for several instances, side by side in one run, on this machine:
// (a) one document, BENCH_CLIENTS (1,000) stock y-websocket clients: one server as `npm start`
//     runs it (no Redis) vs the same clients on one instance of a 2-instance cluster (its updates
//     go through Redis too) vs spread over both instances (half of them one Redis hop away from
//     the writer): delivery latency p50/p95/p99 of an edit to every client, the cross-instance
//     overhead, server CPU per delivery (from /proc of the server processes, Redis apart);
// (b) BENCH_DOCS (30) documents × BENCH_PER_DOC (100) clients, a writer each (30 sittings at
//     once): one server vs spread over two instances.
// (c) the vote burst of bench:plenary over HTTP: BENCH_VOTERS (500) members checked in to today's
//     sitting vote at once (BENCH_VOTE_CONCURRENCY at a time, all by default; 10 % post twice),
//     on one server on SQLite, then one on PostgreSQL, then spread over the two instances: votes/s,
//     p50/p99 of the answers, and the ballots read back from the database.
// The single server runs as `npm start` does, on a SQLite file. The instances are build/server.js
// on a private PostgreSQL and a private Redis (scripts/lib/cluster.mjs, without nginx: the
// benchmark places every client itself). Prints tables; asserts nothing.
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { client, cpuSeconds, percentile, postgresPids, signIn, sleep, startOurs, table } from './lib.mjs';
import { burstRound } from './plenaryBurst.mjs';
import { ensureBuild } from '../lib/setup.mjs';

// Every stock provider adds a process 'exit' listener in Node; thousands are expected here.
process.setMaxListeners(0);
if (process.env.BENCH_BUILD !== '0') ensureBuild();

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const DOCS = Number(process.env.BENCH_DOCS ?? 30);
const PER_DOC = Number(process.env.BENCH_PER_DOC ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The cluster's balancer port (unused: no nginx here); its instances listen on the next ports. */
const PORT = Number(process.env.BENCH_CLUSTER_PORT ?? 3530);
/** Client threads: the simulated clients share the two cores with the servers. */
const THREADS = 2;
const PARTS = new Set((process.env.BENCH_PARTS ?? 'one,many,burst').split(','));
const VOTERS = Number(process.env.BENCH_VOTERS ?? 500);
const VOTE_CONCURRENCY = Number(process.env.BENCH_VOTE_CONCURRENCY ?? VOTERS);
/** What nginx adds in front of the instances (they read the client's address from it). */
const FORWARDED = { 'x-forwarded-for': '127.0.0.1' };
// BENCH_SETUPS=cluster skips the single server (e.g. while tuning the cluster).
const SETUPS = new Set((process.env.BENCH_SETUPS ?? 'single,cluster').split(','));
const UNLIMITED = { COLLAB_MAX_CONNECTIONS_PER_PERSON: '100000' };

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');
const stats = (list) => {
	const sorted = [...list].sort((a, b) => a - b);
	return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

/**
 * `n` working groups' notes to write to (the demo has a handful): more groups of the demo
 * conference, written into the database the servers share (a SQLite file, or a `postgres://` URL).
 * Returns their document names.
 */
async function notesDocs(database, n) {
	if (/^postgres(ql)?:\/\//.test(database)) {
		const client = new pg.Client({ connectionString: database });
		await client.connect();
		try {
			const conferenceId = (await client.query('SELECT conference_id FROM working_groups LIMIT 1')).rows[0].conference_id;
			const have = Number((await client.query('SELECT count(*) AS n FROM working_groups')).rows[0].n);
			for (let i = have; i < n; i++)
				await client.query("INSERT INTO working_groups (id, conference_id, name, kind, created_at) VALUES ($1, $2, $3, 'working', $4)", [
					randomBytes(10).toString('hex'),
					conferenceId,
					`AG Benchmark ${i + 1}`,
					Date.now()
				]);
			const { rows } = await client.query('SELECT id FROM working_groups ORDER BY created_at, id LIMIT $1', [n]);
			return rows.map((r) => `notes:${r.id}`);
		} finally {
			await client.end();
		}
	}
	const db = new Database(database);
	try {
		db.pragma('busy_timeout = 10000');
		const conferenceId = db.prepare('SELECT conference_id FROM working_groups LIMIT 1').pluck().get();
		const have = db.prepare('SELECT count(*) FROM working_groups').pluck().get();
		const insert = db.prepare("INSERT INTO working_groups (id, conference_id, name, kind, created_at) VALUES (?, ?, ?, 'working', ?)");
		for (let i = have; i < n; i++) insert.run(randomBytes(10).toString('hex'), conferenceId, `AG Benchmark ${i + 1}`, Date.now());
		return db
			.prepare('SELECT id FROM working_groups ORDER BY created_at, id LIMIT ?')
			.pluck()
			.all(n)
			.map((id) => `notes:${id}`);
	} finally {
		db.close();
	}
}

/** The pid of the redis-server listening on `port` (its command line names the address), or null. */
function redisPid(port) {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes('redis-server') && (cmdline.includes(`:${port}`) || cmdline.includes(`--port\0${port}\0`))) return Number(entry);
		} catch {
			// the process ended meanwhile
		}
	}
	return null;
}

/**
 * One measured run. `placement`: the groups of receiving clients ({ server, docName, count,
 * label }) and the writers ({ server, docName }); each writer pushes RATE items a second for
 * SECONDS, each carrying its send time. Returns latencies per label and CPU per delivery.
 */
async function measure({ groups, writers, serverPids, redis }) {
	const shares = Array.from({ length: THREADS }, () => []);
	// Each thread gets its half of every group, so both threads carry local and remote clients alike.
	for (const g of groups) {
		const half = Math.floor(g.count / THREADS);
		shares.forEach((share, t) => {
			const count = t === THREADS - 1 ? g.count - half * (THREADS - 1) : half;
			share.push({ url: g.server.url, cookie: g.server.cookie, docName: g.docName, count, label: g.label });
		});
	}
	const workers = shares.map((share) => {
		const worker = new Worker(new URL('./clusterClients.mjs', import.meta.url), { workerData: { clusterGroups: share } });
		const next = (type) => new Promise((resolve) => worker.on('message', (m) => m.type === type && resolve(m)));
		return { worker, share, next };
	});
	try {
		const t0 = performance.now();
		await Promise.all(workers.map((w) => w.next('synced')));
		const syncMs = performance.now() - t0;
		const pens = writers.map((w) => client(w.server, w.docName));
		await Promise.all(pens.map((p) => p.synced));
		// Let the join settle (presence of the writers, the servers' first stores).
		await sleep(2000);
		const cpu0 = serverPids().reduce((s, pid) => s + cpuSeconds(pid), 0);
		const redis0 = redis ? cpuSeconds(redis) : 0;
		const total = RATE * SECONDS;
		const start = performance.now();
		for (let k = 0; k < total; k++) {
			for (const pen of pens) {
				const notes = pen.doc.getText('notes');
				notes.insertEmbed(notes.length, { k, sentAt: performance.timeOrigin + performance.now() });
			}
			await sleep(start + ((k + 1) * 1000) / RATE - performance.now());
		}
		const results = await Promise.all(
			workers.map((w) => {
				const result = w.next('result');
				w.worker.postMessage({ type: 'collect', expected: total * w.share.reduce((s, g) => s + g.count, 0) });
				return result;
			})
		);
		const cpu = serverPids().reduce((s, pid) => s + cpuSeconds(pid), 0) - cpu0;
		const redisCpu = redis ? cpuSeconds(redis) - redis0 : NaN;
		for (const pen of pens) pen.destroy();
		const byLabel = {};
		// concat, not push(...list): a run has 100,000 and more latencies, too many arguments for one call.
		for (const r of results) for (const [label, list] of Object.entries(r.latencies)) byLabel[label] = (byLabel[label] ?? []).concat(list);
		const all = Object.values(byLabel).flat();
		const received = results.reduce((s, r) => s + r.received, 0);
		const expected = total * groups.reduce((s, g) => s + g.count, 0);
		return {
			all: stats(all),
			byLabel: Object.fromEntries(Object.entries(byLabel).map(([label, list]) => [label, stats(list)])),
			received,
			expected,
			cpuUs: (cpu * 1e6) / Math.max(1, received),
			redisUs: (redisCpu * 1e6) / Math.max(1, received),
			syncMs
		};
	} finally {
		await Promise.all(
			workers.map(async (w) => {
				const closed = w.next('closed');
				w.worker.postMessage({ type: 'close' });
				await Promise.race([closed, sleep(10_000)]);
				await w.worker.terminate();
			})
		);
		// The servers drop the closed connections before the next run connects its own.
		await sleep(1000);
	}
}

/** One server as `npm start` runs it: no Redis, no second instance. */
async function single() {
	const server = await startOurs();
	return {
		servers: [server],
		database: join(server.home, 'ratschlag.sqlite'),
		pids: () => [server.pid],
		redis: null,
		async stop() {
			await server.stop();
			server.cleanup();
		}
	};
}

/** Two instances on a private PostgreSQL and a private Redis (no nginx: the benchmark places the clients). */
async function cluster() {
	const home = mkdtempSync(join(tmpdir(), 'ratschlag-bench-cluster-'));
	// Imported here: BENCH_SETUPS=single runs without the launcher.
	const { startCluster } = await import('../lib/cluster.mjs');
	const { startPostgres } = await import('../lib/services.mjs');
	const postgres = await startPostgres();
	let started;
	let servers;
	try {
		started = await startCluster({ instances: 2, port: PORT, databaseUrl: postgres.url, dataDir: home, env: UNLIMITED, quiet: true, nginx: false });
		const cookie = await signIn({ home, origin: started.origin }, 'Geschäftsstelle', { via: started.instances[0].origin, headers: FORWARDED });
		servers = started.instances.map((instance) => ({ url: `${instance.origin.replace(/^http/, 'ws')}/collab`, cookie, pid: instance.pid }));
	} catch (error) {
		await started?.stop();
		await postgres.stop();
		rmSync(home, { recursive: true, force: true });
		throw error;
	}
	return {
		servers,
		database: postgres.url,
		home,
		postgresDir: postgres.dir,
		origin: started.origin,
		origins: started.instances.map((instance) => instance.origin),
		pids: () => started.instances.map((instance) => instance.pid),
		redis: redisPid(Number(new URL(started.redisUrl).port)),
		async stop() {
			await started.stop();
			await postgres.stop();
			rmSync(home, { recursive: true, force: true });
		}
	};
}

console.log(
	`\nbench:cluster on ${cpus().length} cores; load average ${load()}. Each writer pushes ${RATE} items/s for ${SECONDS} s; latency is from the writer's send to a client's Y.Text event.\n`
);

const oneRows = [];
const manyRows = [];
let overhead = null;
/** One server: (a) all clients on it, (b) every document on it. */
async function onOneServer() {
	const one = await single();
	try {
		const [docName] = await notesDocs(one.database, 1);
		if (PARTS.has('one')) {
			const r = await measure({
				groups: [{ server: one.servers[0], docName, count: CLIENTS, label: 'local' }],
				writers: [{ server: one.servers[0], docName }],
				serverPids: one.pids
			});
			oneRows.push(['1 server, no Redis (npm start)', `${CLIENTS} on it`, r]);
			console.error(`(a) 1 server: p99 ${fmt(r.all.p99)} ms; load average ${load()}`);
		}
		if (PARTS.has('many')) {
			const docs = await notesDocs(one.database, DOCS);
			const r = await measure({
				groups: docs.map((docName) => ({ server: one.servers[0], docName, count: PER_DOC, label: 'local' })),
				writers: docs.map((docName) => ({ server: one.servers[0], docName })),
				serverPids: one.pids
			});
			manyRows.push(['1 server, no Redis (npm start)', r]);
			console.error(`(b) 1 server: p99 ${fmt(r.all.p99)} ms; load average ${load()}`);
		}
	} finally {
		await one.stop();
	}
}

const burstRows = [];
/** (c) One burst round on a fresh server: SQLite (as `npm start`), or PostgreSQL (a private one, stopped after). */
async function burstOnOne(onPostgres) {
	let postgres = null;
	if (onPostgres) {
		const { startPostgres } = await import('../lib/services.mjs');
		postgres = await startPostgres();
	}
	try {
		const server = await startOurs(postgres ? { databaseUrl: postgres.url } : {});
		try {
			const r = await burstRound({
				database: server.database,
				home: server.home,
				origins: [server.origin],
				pids: () => [server.pid],
				databasePids: () => (postgres ? postgresPids(postgres.dir) : []),
				voters: VOTERS,
				concurrency: VOTE_CONCURRENCY
			});
			burstRows.push([onPostgres ? '1 server, PostgreSQL' : '1 server, SQLite (npm start)', r]);
			console.error(`(c) ${onPostgres ? 'PostgreSQL' : 'SQLite'}: ${fmt(r.votesPerSecond, 0)} votes/s, p99 ${fmt(r.p99)} ms; load average ${load()}`);
		} finally {
			await server.stop();
			server.cleanup();
		}
	} finally {
		await postgres?.stop();
	}
}

/** Two instances: (a) all clients on one, then spread over both; (b) every document spread over both; (c) the vote burst spread over both. */
async function onTwoInstances() {
	const two = await cluster();
	try {
		const [docName] = await notesDocs(two.database, 1);
		const [a, b] = two.servers;
		if (PARTS.has('one')) {
			const alone = await measure({
				groups: [{ server: a, docName, count: CLIENTS, label: 'local' }],
				writers: [{ server: a, docName }],
				serverPids: two.pids,
				redis: two.redis
			});
			oneRows.push(['2 instances (PostgreSQL, Redis), all on instance 1', `${CLIENTS} on it`, alone]);
			console.error(`(a) cluster, one instance: p99 ${fmt(alone.all.p99)} ms; load average ${load()}`);
			const half = Math.floor(CLIENTS / 2);
			const spread = await measure({
				groups: [
					{ server: a, docName, count: half, label: 'local' },
					{ server: b, docName, count: CLIENTS - half, label: 'remote' }
				],
				writers: [{ server: a, docName }],
				serverPids: two.pids,
				redis: two.redis
			});
			oneRows.push(['2 instances (PostgreSQL, Redis), spread', `${half} + ${CLIENTS - half}`, spread]);
			overhead = { local: spread.byLabel.local, remote: spread.byLabel.remote };
			console.error(`(a) cluster, spread: p99 ${fmt(spread.all.p99)} ms; load average ${load()}`);
		}
		if (PARTS.has('many')) {
			const docs = await notesDocs(two.database, DOCS);
			const halfDoc = Math.floor(PER_DOC / 2);
			// As a round-robin balancer spreads a room: half of each document's clients on each
			// instance; the writers alternate between the instances.
			const r = await measure({
				groups: docs.flatMap((docName, d) => [
					{ server: two.servers[d % 2], docName, count: halfDoc, label: 'local' },
					{ server: two.servers[(d + 1) % 2], docName, count: PER_DOC - halfDoc, label: 'remote' }
				]),
				writers: docs.map((docName, d) => ({ server: two.servers[d % 2], docName })),
				serverPids: two.pids,
				redis: two.redis
			});
			manyRows.push(['2 instances (PostgreSQL, Redis), spread', r]);
			console.error(`(b) cluster, spread: p99 ${fmt(r.all.p99)} ms; load average ${load()}`);
		}
		if (PARTS.has('burst')) {
			// As a round-robin balancer spreads the members' phones: every other one on each instance.
			const r = await burstRound({
				database: two.database,
				home: two.home,
				origins: two.origins,
				publicOrigin: two.origin,
				headers: FORWARDED,
				pids: two.pids,
				databasePids: () => postgresPids(two.postgresDir),
				voters: VOTERS,
				concurrency: VOTE_CONCURRENCY
			});
			burstRows.push(['2 instances (PostgreSQL, Redis), spread', r]);
			console.error(
				`(c) cluster, spread: ${fmt(r.votesPerSecond, 0)} votes/s, p99 ${fmt(r.p99)} ms; server CPU ms/post by instance ${r.cpuMsPerPostEach.map((c) => fmt(c, 2)).join(' + ')}; load average ${load()}`
			);
		}
	} finally {
		await two.stop();
	}
}

if (SETUPS.has('single') && (PARTS.has('one') || PARTS.has('many'))) await onOneServer();
if (PARTS.has('burst')) for (const onPostgres of [false, true]) await burstOnOne(onPostgres);
if (SETUPS.has('cluster')) await onTwoInstances();

const lat = (s) => `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}`;
if (oneRows.length > 0) {
	console.log(`(a) One document, ${CLIENTS} clients, one writer\n`);
	console.log(
		table(
			['setup', 'clients', 'p50 / p95 / p99 ms', 'deliveries', 'server CPU µs/delivery', 'Redis CPU µs/delivery', 'all synced ms'],
			oneRows.map(([setup, clients, r]) => [setup, clients, lat(r.all), `${r.received} of ${r.expected}`, fmt(r.cpuUs, 2), fmt(r.redisUs, 2), fmt(r.syncMs, 0)])
		)
	);
	if (overhead)
		console.log(
			`\nSpread over 2: clients on the writer's instance p50 / p95 / p99 ${lat(overhead.local)} ms; on the other instance ${lat(overhead.remote)} ms: cross-instance p99 overhead ${fmt(overhead.remote.p99 - overhead.local.p99)} ms (target ≤ 20 ms).`
		);
}
if (manyRows.length > 0) {
	console.log(`\n(b) ${DOCS} documents × ${PER_DOC} clients, a writer on each (${DOCS} sittings at once)\n`);
	console.log(
		table(
			[
				'setup',
				'p50 / p95 / p99 ms',
				'same instance as the writer p99 ms',
				'other instance p99 ms',
				'deliveries',
				'server CPU µs/delivery',
				'Redis CPU µs/delivery'
			],
			manyRows.map(([setup, r]) => [
				setup,
				lat(r.all),
				fmt(r.byLabel.local?.p99),
				fmt(r.byLabel.remote?.p99),
				`${r.received} of ${r.expected}`,
				fmt(r.cpuUs, 2),
				fmt(r.redisUs, 2)
			])
		)
	);
}
if (burstRows.length > 0) {
	console.log(
		`\n(c) The vote burst of bench:plenary over HTTP: ${VOTERS} members checked in to today's sitting vote in one secret poll, ${VOTE_CONCURRENCY >= VOTERS ? 'all at once' : `${VOTE_CONCURRENCY} at a time`}, ${Math.round(0.1 * VOTERS)} of them twice at the same moment (the second refused); no participants' screens follow the document\n`
	);
	console.log(
		table(
			[
				'setup',
				'posts',
				'accepted',
				'duplicates refused',
				'other answers',
				'voting took s',
				'votes/s',
				'p50 ms',
				'p99 ms',
				'server CPU ms/post',
				'PostgreSQL CPU ms/post',
				'ballots in the database = accepted'
			],
			burstRows.map(([setup, r]) => [
				setup,
				r.posts,
				r.accepted,
				`${r.refused} of ${r.pairs}`,
				r.other ? `${r.other} (${r.otherStatuses.join(', ')})` : 0,
				fmt(r.votingSeconds, 2),
				fmt(r.votesPerSecond, 0),
				fmt(r.p50),
				fmt(r.p99),
				fmt(r.cpuMsPerPost, 2),
				r.databaseCpuMsPerPost ? fmt(r.databaseCpuMsPerPost, 2) : '—',
				`${r.ballotsMatch ? '✔' : '✘'} ${r.ballots} of ${r.accepted}`
			])
		)
	);
}
console.log(`
What the figures mean for a machine with more cores: here two instances, the client threads,
Redis and the benchmark share 2 cores, so spreading over 2 instances cannot lower latency, only
show what the Redis hop and the second copy of each document cost (CPU per delivery summed over
both instances). Each instance is one Node process (one core for its event loop); with a core per
instance (plus one for Redis and the clients), the cluster's capacity grows about with the
number of instances for many documents (b), while one very large document (a) is bounded by the
instance its writer is on: it must encode each update once and every instance relays it to its
own clients, so the other instances' share is the fan-out they take off the first one.
For the vote burst (c), each vote is a request whose cost is mostly the instance's CPU (session and
actor read, the vote's transaction, the answer): one server, on SQLite or on PostgreSQL, is bound
to its one event loop. On PostgreSQL a vote costs the instance more (every query a round trip
through \`pg\`) plus PostgreSQL's own CPU, but instances can be added: with a core for each (and
cores for PostgreSQL), the burst's votes/s grow about with the instances until PostgreSQL's commits
or the poll's tally rows (one per choice, updated by every vote) bound it. On these 2 cores the
second instance only adds its own overhead.
`);
process.exit(0);
