/**
 * Production entry: one process, one port. Opens and migrates the database (a SQLite file, or
 * PostgreSQL when DATABASE_URL names one), seeds the demo
 * conference on first start, then serves the SvelteKit app (adapter-node handler) and the
 * document server (WebSocket upgrades on /collab/…).
 * Bundled by scripts/build-server.mjs to build/server.js, next to build/handler.js.
 */
import { createServer } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { closeDb, databasePath } from '../src/lib/server/db';
import { closeData, describeDatabase, openData } from '../src/lib/server/db/data';
import { dialectOf, type Data } from '../src/lib/server/db/client';
import { holdingAdvisoryLock } from '../src/lib/server/db/postgres';
import { isEmptyOn, seedDemo, writeDemoAccess } from '../src/lib/server/demo/seed';
import { UPLOAD_BODY_SIZE_LIMIT } from '../src/lib/server/http/bodyLimit';
import { feedbackRetentionDays } from '../src/lib/server/accessibility/retention';
import { reprojectPollsOn } from '../src/lib/server/polls/reprojectPolls';
import { docServerLimits } from './collab/config';
import { startDocServer, stopDocServer } from './collab/docServer';
import { startRetention } from './retention';
import { jobRunnerSettings } from '../src/lib/server/jobs/config';
import { startJobRunner } from '../src/lib/server/jobs/runner';
import { sendSettings } from '../src/lib/server/newsletter/sending/settings';
import { closeSharedRedis, redisSettings, sharedRedis } from '../src/lib/server/cluster/redis';
import { redisStore } from '../src/lib/server/limits/redisStore';
import { useStore } from '../src/lib/server/limits/store';
import { instanceId, shutdownDrainMs } from '../src/lib/server/cluster/instance';
import { RefusedToStart, startHeartbeat, type Heartbeat } from '../src/lib/server/cluster/heartbeat';
import { importReceiptFolderAtStart } from '../src/lib/server/allowances/receipts/store';
import { createHealth, newestMigrationOf } from './health';

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
// adapter-node reads ORIGIN when its handler is imported; without it form posts are refused.
process.env.ORIGIN ||= `http://localhost:${port}`;
const origin = process.env.ORIGIN;
// Read by adapter-node at import too: the largest body read at all (a logo upload); forms are held
// to their smaller limit by hooks.server.ts (see bodyLimit.ts).
process.env.BODY_SIZE_LIMIT ||= String(UPLOAD_BODY_SIZE_LIMIT);
// Read before anything is opened: a wrong value stops the start instead of keeping or deleting by mistake.
const retentionDays = feedbackRetentionDays();
const jobSettings = jobRunnerSettings();
sendSettings(); // NEWSLETTER_RATE_*: a wrong value stops the start, not a digest half-sent.
const instance = instanceId();
const drainMs = shutdownDrainMs();
// Several instances: connected from the start, so /readyz says when Redis is not there, and
// every limit (sign-in throttling above all) counts in Redis, where every instance sees it.
const redis = sharedRedis();
if (redis) {
	useStore(redisStore(redis, redisSettings()!.prefix));
	// ioredis reports every failed reconnect; one line when Redis goes and one when it is back is enough.
	let down = false;
	redis.on('error', (error: Error) => {
		if (!down) console.error(`Redis unreachable (${error.message}): not ready, limits count in memory until it is back`);
		down = true;
	});
	redis.on('ready', () => {
		if (down) console.log('Redis connected again');
		down = false;
	});
}

const onPostgres = dialectOf(process.env.DATABASE_URL) === 'postgres';
const dbFile = onPostgres ? null : databasePath();
// Files the database has beside it on SQLite (the demo's sign-in links and outbox); DATA_DIR on PostgreSQL.
const filesDir = dbFile ? (dbFile === ':memory:' ? 'data' : dirname(dbFile)) : resolve(process.env.DATA_DIR?.trim() || 'data');
let data: Data;
try {
	data = await openData();
} catch (error) {
	// A configuration the operator must fix (JOBS_SECRET missing, the server not reachable): one line, no stack.
	console.error(`Cannot open the database: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
console.log(`Database: ${dbFile ?? describeDatabase()} (migrated)`);
// Receipts of an installation from before they moved into the database: in from the folder beside it.
if (dbFile) await importReceiptFolderAtStart(data, dbFile);

let heartbeat: Heartbeat;
try {
	heartbeat = await startHeartbeat(data, { id: instance, withRedis: redis !== null });
} catch (error) {
	if (!(error instanceof RefusedToStart)) throw error;
	console.error(error.message);
	process.exit(1);
}

const accessFile = join(filesDir, 'demo-access.json');
const demo = process.env.SEED_DEMO !== 'false';
// The demo has no mail server: its invitations land as .eml files next to its database.
if (demo && !process.env.SMTP_URL) process.env.MAIL_OUTBOX ||= join(dirname(accessFile), 'outbox');
/** Seeds the demo into an empty database; true when it did. */
async function seedIfEmpty(): Promise<boolean> {
	if (!(await isEmptyOn(data))) return false;
	const { access } = await seedDemo(data, origin);
	mkdirSync(filesDir, { recursive: true });
	writeDemoAccess(accessFile, access);
	console.log('\nDemo conference "Gesundheitskonferenz Landkreis Musterstadt" created. Sign in as:');
	for (const entry of access) {
		console.log(`  ${entry.role}: ${entry.name}`);
		console.log(`    ${entry.link}`);
		if (entry.password) console.log(`    or ${origin}/sign-in with ${entry.email} / ${entry.password}`);
	}
	console.log(`\nThese links are saved in ${accessFile}\n`);
	return true;
}
// Instances starting together on an empty PostgreSQL database seed it once: the others wait for
// the lock, then find it seeded. (On SQLite the cluster launcher starts the first instance alone.)
const seeded =
	demo &&
	(onPostgres
		? await holdingAdvisoryLock(process.env.DATABASE_URL!.trim(), 'ratschlag:demo-seed', { timeoutMs: 300_000, what: 'seeding the demo' }, seedIfEmpty)
		: await seedIfEmpty());
if (!seeded && existsSync(accessFile)) console.log(`Demo sign-in links: ${accessFile}`);

const retention = await startRetention(data, { feedbackRetentionDays: retentionDays });

const docServer = startDocServer({ data, allowedOrigins: [new URL(origin).origin], ...docServerLimits(process.env) });
// What a crash cut short between a vote's commit and its projection: on the screens before anyone connects.
await reprojectPollsOn(data);

const { handler } = await import(new URL('./handler.js', import.meta.url).href);
const health = createHealth({
	data,
	redisStatus: redis ? () => redis.status : null,
	newestMigration: newestMigrationOf(data.dialect),
	instanceId: instance
});
// /healthz and /readyz before SvelteKit: a balancer's poll costs no session lookup.
// Requests under way, so a shutdown lets them finish before the document server goes: a command
// answered after it would write past the other instances (no Redis) and reach no editor.
let requestsUnderWay = 0;
let lastRequestDone: (() => void) | null = null;
const server = createServer((req, res) => {
	if (health.answer(req, res)) return;
	requestsUnderWay++;
	res.once('close', () => {
		if (--requestsUnderWay === 0) lastRequestDone?.();
	});
	handler(req, res);
});
// The document server answers WebSocket upgrades for /collab/… on the same port.
server.on('upgrade', (req, socket, head) => {
	// Shutting down: a new editor would be closed again in a moment. 503 makes nginx try the next instance.
	if (health.draining()) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	if (!docServer.handleUpgrade(req, socket, head)) socket.destroy();
});

// Mail and other background work; jobs a killed process left running are claimed once their lease ends.
const jobRunner = startJobRunner(data, jobSettings);

server.listen(port, host, () => console.log(`Ratschlag (${instance}) listens on ${origin} (${host}:${port})`));

let stopping = false;
/**
 * SIGTERM hands the clients over: not ready at once, so a balancer polling /readyz takes this
 * instance out during the drain (SHUTDOWN_DRAIN_MS); then no new connections (nginx passes them
 * to the next instance), the documents are stored and their clients closed with 1012 to
 * reconnect elsewhere, running jobs get their grace, and the process exits 0.
 */
async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	health.drain();
	console.log(`${signal}: not ready; closing${drainMs ? ` in ${drainMs} ms` : ''}`);
	setTimeout(
		() => {
			console.error(`${signal}: shutdown did not finish in time; exiting anyway`);
			process.exit(1);
		},
		drainMs + jobSettings.shutdownGraceMs + 10_000
	).unref();
	if (drainMs) await new Promise((resolve) => setTimeout(resolve, drainMs));
	retention.stop();
	const serverClosed = new Promise((resolve) => server.close(resolve));
	// Requests under way finish; idle keep-alive connections go now, the rest when answered.
	server.closeIdleConnections();
	// Running jobs get their grace to finish; what is still running then goes back to the queue.
	const jobsStopped = jobRunner.stop();
	// The document server stays until the last request under way is answered (its commands change
	// documents through it), then stores everything and hands its editors over with 1012.
	if (requestsUnderWay > 0) await new Promise<void>((resolve) => (lastRequestDone = resolve));
	const docsClosed = stopDocServer(docServer);
	await Promise.all([jobsStopped, docsClosed, serverClosed]);
	await heartbeat.stop();
	await closeSharedRedis();
	if (onPostgres) await closeData();
	else {
		await data.close();
		closeDb();
	}
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
