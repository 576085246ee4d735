// npm run bench:newsletter
// The sending figures of issue 17: our production server (build/server.js; `npm run build` first if
// it is missing) sends a digest to 10,000 active subscribers through a local SMTP sink (smtp-server
// in this process, keeping per mail only its recipient, Message-ID and arrival time), no rate limit.
//   (a) enqueuing: `startSendInOn` (the send row, 10,000 delivery rows in one INSERT … SELECT, the job),
//       as publishing runs it, on the server's own database file. Target ≤ 1 s.
//   (b) throughput: mails per second as they arrive at the sink, first to last. Target ≥ 200 on our
//       2-core machine.
//   (c) the server's resident memory, sampled every 250 ms over the send: its growth from the first
//       tenth of the mails to the end. Target flat: ≤ 32 MB (no per-mail state kept).
//   (d) a second send on a fresh database, the server killed with SIGKILL when half of the mails
//       arrived, restarted on the same file: every one of the 10,000 Message-IDs arrives, to its one
//       recipient; recipients with two copies are only those whose delivery was in flight (state
//       `sending`) at the kill, and both copies carry the same Message-ID.
// The server's CPU seconds during (b) are shown too (from /proc): on a machine shared with other
// work, mails per CPU second say what the code costs. Prints a table and PASS/FAIL; exits with 1
// when a figure misses its target.
//
// Options: BENCH_SUBSCRIBERS (10000), BENCH_BUILD=1 (build even if build/ exists).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { SERVER_NODE_FLAGS } from '../lib/setup.mjs';
import { cpuSeconds, freePort, importServerModules, memory, table } from './lib.mjs';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const TARGET = { enqueueMs: 1000, mailsPerSecond: 200, rssGrowthMb: 32 };

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root); // migrations are read from ./drizzle, the server from ./build

if (process.env.BENCH_BUILD === '1' || !existsSync('build/server.js')) {
	console.log('Building the production server (npm run build) …');
	const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (built.status !== 0) throw new Error('npm run build failed');
}

const server = await importServerModules('newsletter', [
	'src/lib/server/db/index.ts',
	'src/lib/server/db/client.ts',
	'src/lib/server/effects/transactOn.ts',
	'src/lib/server/newsletter/sending/recipients.ts',
	'src/lib/server/ids.ts'
]);

/** The SMTP sink: what arrived, per mail its recipient, Message-ID and time. */
async function startSink() {
	const mails = [];
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		disableReverseLookup: true,
		logger: false,
		onData(stream, session, callback) {
			let head = '';
			stream.on('data', (c) => {
				if (head.length < 16_384) head += c.toString('utf8');
			});
			stream.on('end', () => {
				const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
				for (const r of session.envelope.rcptTo) mails.push({ to: r.address, messageId, at: performance.now() });
				callback();
			});
		}
	});
	// A client killed mid-mail resets its connection: expected here, not a failure of the sink.
	smtp.on('error', () => {});
	await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	return { mails, url: `smtp://127.0.0.1:${smtp.server.address().port}`, close: () => new Promise((resolve) => smtp.close(resolve)) };
}

/** build/server.js on `databaseFile`, no demo, the runner looking often and a short lease (a restart resumes at once). */
async function startServer(databaseFile, port, smtpUrl) {
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'build/server.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_URL: databaseFile,
			SEED_DEMO: 'false',
			SMTP_URL: smtpUrl,
			NEWSLETTER_RATE_PER_SECOND: '0',
			NEWSLETTER_RATE_PER_HOUR: '0',
			JOBS_POLL_MS: '100',
			JOBS_LEASE_MS: '3000'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	await new Promise((resolve, reject) => {
		child.stdout.on('data', (d) => {
			output += d;
			if (output.includes('listens on')) resolve();
		});
		child.stderr.on('data', (d) => (output += d));
		child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
	});
	child.removeAllListeners('exit');
	return {
		child,
		origin,
		output: () => output,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			await new Promise((resolve) => child.once('exit', resolve));
		}
	};
}

/** A conference with SUBSCRIBERS active subscribers (every fifth in the easy edition) and a published digest. */
function seed(db) {
	const client = db.$client;
	const conferenceId = server.newId();
	const now = Date.now();
	client
		.prepare(`INSERT INTO conferences (id, name, region, settings, created_at) VALUES (?, 'Bench-Konferenz', 'Kreis Bench', '{}', ?)`)
		.run(conferenceId, now);
	client
		.prepare(
			`INSERT INTO newsletter_subscribers (id, conference_id, email, name, edition, state, token_version, created_at, confirmed_at)
			SELECT value, ?, 'leser' || (key + 1) || '@bench.example', 'Leser:in ' || (key + 1),
				CASE WHEN (key + 1) % 5 = 0 THEN 'easy' ELSE 'standard' END, 'active', 1, ?, ?
			FROM json_each(?)`
		)
		.run(conferenceId, now, now, JSON.stringify(Array.from({ length: SUBSCRIBERS }, server.newId)));
	const digestId = server.newId();
	const body =
		'<h2>Was die Konferenz beschlossen hat</h2>' + '<p>Die Empfehlung zur Pflege im Quartier ist angenommen; der Kreistag berät im März.</p>'.repeat(20);
	client
		.prepare(
			`INSERT INTO digests (id, conference_id, number, title, state, created_at, published_at, html_standard, text_standard, html_easy, text_easy)
			VALUES (?, ?, 1, 'Ausgabe 1', 'published', ?, ?, ?, ?, ?, ?)`
		)
		.run(digestId, conferenceId, now, now, body, body.replace(/<[^>]+>/g, '\n'), body, body.replace(/<[^>]+>/g, '\n'));
	return { conferenceId, digestId };
}

async function enqueue(db, ids, origin) {
	const data = server.sqliteData(db.$client);
	const cpu = process.cpuUsage();
	const start = performance.now();
	const send = await server.transactOn(data, (tx, effects) =>
		server.startSendInOn(data, tx, effects, { ...ids, audienceGroupId: null, actorPersonId: null, origin, now: new Date() })
	);
	const used = process.cpuUsage(cpu);
	if (send.total !== SUBSCRIBERS) throw new Error(`the send has ${send.total} recipients, not ${SUBSCRIBERS}`);
	return { send, wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

const until = async (what, ok, timeoutMs) => {
	const deadline = Date.now() + timeoutMs;
	while (!ok()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
};
const sendState = (db, sendId) => db.$client.prepare('SELECT state FROM digest_sends WHERE id = ?').get(sendId).state;

const results = [];
let failed = false;
const record = (name, value, target, pass, note = '') => {
	if (pass === false) failed = true;
	results.push([name, value, target ?? '–', pass === null ? '' : pass ? 'PASS' : 'FAIL', note]);
};
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sink = await startSink();
const dirs = [];

try {
	// (a)–(c): one send of SUBSCRIBERS mails.
	{
		const dir = mkdtempSync(join(tmpdir(), 'ratschlag-bench-newsletter-'));
		dirs.push(dir);
		const file = join(dir, 'ratschlag.sqlite');
		const ours = await startServer(file, await freePort(), sink.url);
		const db = server.openDatabase(file);
		const ids = seed(db);
		const samples = [];
		const sampler = setInterval(() => samples.push({ mails: sink.mails.length, rss: memory(ours.child.pid).rss }), 250);
		const cpuBefore = cpuSeconds(ours.child.pid);
		const enqueued = await enqueue(db, ids, ours.origin);
		record(
			`(a) startSendInOn: ${SUBSCRIBERS} deliveries and the job`,
			`${enqueued.wall.toFixed(0)} ms`,
			`≤ ${TARGET.enqueueMs} ms`,
			enqueued.wall <= TARGET.enqueueMs,
			`${enqueued.cpu.toFixed(0)} ms CPU`
		);
		await until('every mail', () => sink.mails.length >= SUBSCRIBERS && sendState(db, enqueued.send.sendId) === 'done', 600_000);
		clearInterval(sampler);
		const cpuUsed = cpuSeconds(ours.child.pid) - cpuBefore;
		const first = sink.mails[0].at;
		const last = sink.mails.at(-1).at;
		const rate = ((sink.mails.length - 1) * 1000) / (last - first);
		record(
			`(b) mails/s, ${sink.mails.length} mails`,
			rate.toFixed(0),
			`≥ ${TARGET.mailsPerSecond}`,
			rate >= TARGET.mailsPerSecond,
			`${((last - first) / 1000).toFixed(1)} s`
		);
		record('(b) mails per CPU second of the server', (SUBSCRIBERS / cpuUsed).toFixed(0), null, null, `${cpuUsed.toFixed(1)} s CPU`);
		const during = samples.filter((s) => s.mails >= SUBSCRIBERS / 10);
		const base = during[0]?.rss ?? samples[0].rss;
		const peak = Math.max(...samples.map((s) => s.rss));
		const end = samples.at(-1).rss;
		const growth = Math.max(0, end - base);
		record(
			'(c) server RSS growth, first tenth to end',
			mb(growth),
			`≤ ${TARGET.rssGrowthMb} MB`,
			growth <= TARGET.rssGrowthMb * 1024 * 1024,
			`${mb(base)} → ${mb(end)}, peak ${mb(peak)}, ${samples.length} samples`
		);
		const duplicates = sink.mails.length - new Set(sink.mails.map((m) => m.messageId)).size;
		record('(b) duplicates without a crash', String(duplicates), '0', duplicates === 0);
		db.$client.close();
		await ours.stop();
	}

	// (d) The same send, killed half-way.
	{
		sink.mails.length = 0;
		const dir = mkdtempSync(join(tmpdir(), 'ratschlag-bench-newsletter-'));
		dirs.push(dir);
		const file = join(dir, 'ratschlag.sqlite');
		const port = await freePort();
		let ours = await startServer(file, port, sink.url);
		const db = server.openDatabase(file);
		const { send } = await enqueue(db, seed(db), ours.origin);
		// In the middle of a batch: some of it arrived, the rest is under way.
		await until('half of the mails', () => sink.mails.length >= SUBSCRIBERS / 2 + 17, 600_000);
		await ours.stop('SIGKILL');
		const atKill = sink.mails.length;
		const inFlight = new Set(
			db.$client
				.prepare(`SELECT message_id AS id FROM digest_deliveries WHERE send_id = ? AND state = 'sending'`)
				.all(send.sendId)
				.map((r) => r.id)
		);
		ours = await startServer(file, port, sink.url);
		const restartedAt = performance.now();
		await until('the send to finish after the restart', () => sendState(db, send.sendId) === 'done', 600_000);
		const resumedIn = sink.mails.find((m) => m.at > restartedAt)?.at - restartedAt;

		const copies = new Map();
		const recipientsOf = new Map();
		for (const m of sink.mails) {
			copies.set(m.messageId, (copies.get(m.messageId) ?? 0) + 1);
			(recipientsOf.get(m.messageId) ?? recipientsOf.set(m.messageId, new Set()).get(m.messageId)).add(m.to);
		}
		const perRecipient = new Map();
		for (const m of sink.mails) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
		const twice = [...copies].filter(([, n]) => n > 1).map(([id]) => id);
		const delivered = copies.size;
		const oneRecipientEach = [...recipientsOf.values()].every((s) => s.size === 1);
		const onlyInFlight = twice.every((id) => inFlight.has(id)) && [...copies.values()].every((n) => n <= 2);
		const once = [...perRecipient.values()].filter((n) => n === 1).length;
		record(
			'(d) kill -9 at half-way: distinct Message-IDs delivered',
			String(delivered),
			String(SUBSCRIBERS),
			delivered === SUBSCRIBERS && perRecipient.size === SUBSCRIBERS && oneRecipientEach,
			`${atKill} before the kill, the first mail ${(resumedIn / 1000).toFixed(1)} s after the restarted server listened`
		);
		record(
			'(d) recipients with a second copy (same Message-ID)',
			String(twice.length),
			`≤ in flight (${inFlight.size})`,
			onlyInFlight && once === SUBSCRIBERS - twice.length,
			`${once} recipients got exactly one`
		);
		db.$client.close();
		await ours.stop();
	}
} finally {
	await sink.close();
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

console.log(
	`Load average while measuring: ${loadavg()
		.map((l) => l.toFixed(1))
		.join(' ')}`
);
console.log(table(['measure', 'value', 'target', '', 'note'], results));
console.log(failed ? 'FAIL' : 'PASS');
process.exitCode = failed ? 1 : 0;
