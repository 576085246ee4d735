// npm run bench:collab [-- fanout|awareness|b4|crash|flood]   (default: all but flood)
// Side by side in one run: our document server (build/server.js) and the reference
// @y/websocket-server@0.1.1, both as child processes on loopback, driven by stock y-websocket
// clients from this process. Prints tables; asserts nothing.
import { readFileSync } from 'node:fs';
import { MessageChannel, Worker } from 'node:worker_threads';
import { runClients } from './fanoutClients.mjs';
import { presenceFlood } from './flood.mjs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { client, cpuSeconds, cpuSplit, memory, percentile, sleep, startOurs, startReference, table, until } from './lib.mjs';
import { ensureBuild, ensureNpmDependencies } from '../lib/setup.mjs';

// Every stock provider adds a process 'exit' listener in Node; thousands are expected here.
process.setMaxListeners(0);
ensureNpmDependencies();
// BENCH_BUILD=0 runs build/ (or BENCH_SERVER_DIR, e.g. a copy of an earlier build) as it is.
if (process.env.BENCH_BUILD !== '0') ensureBuild();

const parts = process.argv.slice(2);
// `flood` (issue 13: presence floods) runs only when asked for.
const want = (part) => (parts.length === 0 && part !== 'flood') || parts.includes(part);
// BENCH_SIZES=200,500 narrows the fan-out part, e.g. while profiling.
const sizes = (process.env.BENCH_SIZES ?? '200,500,1000').split(',').map(Number);
// BENCH_SERVERS=ours skips the reference (its presence run takes minutes).
const servers = [startReference, startOurs].filter((start) =>
	(process.env.BENCH_SERVERS ?? 'reference,ours').includes(start === startOurs ? 'ours' : 'reference')
);
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * One writer pushes to a Y.Array at `rate` per second for `seconds`; N stock clients receive.
 * The clients run in this thread or in worker threads (BENCH_CLIENT_THREADS; default 0, with
 * presence 2); each pushed item carries its send time, which receivers compare with their clock.
 */
async function fanOut(start, n, { rate = 10, seconds = 10, awareness = false } = {}) {
	const server = await start();
	// With presence on, the stock clients' own work (each parses and echoes every presence change
	// it receives) saturates one thread; spread over two, it no longer queues the measurement.
	const threads = Number(process.env.BENCH_CLIENT_THREADS ?? (awareness ? 2 : 0));
	const workers = [];
	try {
		const docName = server.docNames[0];
		await sleep(300);
		const rssBefore = memory(server.pid).rss;
		const t0 = performance.now();
		for (let w = 0; w < Math.max(1, threads); w++) {
			const first = Math.floor((w * n) / Math.max(1, threads));
			const count = Math.floor(((w + 1) * n) / Math.max(1, threads)) - first;
			const share = { server: { url: server.url, cookie: server.cookie }, docName, count, first, awareness };
			let port;
			if (threads === 0) {
				const channel = new MessageChannel();
				runClients(share, channel.port2);
				port = channel.port1;
				port.terminate = () => channel.port1.close();
			} else {
				port = new Worker(new URL('./fanoutClients.mjs', import.meta.url), { workerData: { fanOutClients: share } });
			}
			workers.push({ worker: port, count, next: (type) => new Promise((resolve) => port.on('message', (m) => m.type === type && resolve(m))) });
		}
		await Promise.all(workers.map((w) => w.next('synced')));
		const syncMs = performance.now() - t0;
		await sleep(2000);
		const rssIdle = memory(server.pid).rss;

		const writer = client(server, docName);
		await writer.synced;
		for (const { worker } of workers) worker.postMessage({ type: 'presence' });
		const cpu0 = cpuSeconds(server.pid);
		const split0 = cpuSplit(server.pid);
		const total = rate * seconds;
		// Each message an embed at the end of the notes' text (the only top-level type notes have;
		// the server refuses others): one item per message, as a push to an array would be.
		const notes = writer.doc.getText('notes');
		for (let k = 0; k < total; k++) {
			notes.insertEmbed(notes.length, { k, sentAt: performance.timeOrigin + performance.now() });
			await sleep(1000 / rate);
		}
		const results = await Promise.all(
			workers.map((w) => {
				const result = w.next('result');
				w.worker.postMessage({ type: 'collect', expected: total });
				return result;
			})
		);
		const cpu1 = cpuSeconds(server.pid);
		const split1 = cpuSplit(server.pid);
		if (process.env.BENCH_VERBOSE)
			console.error(`${server.name} n=${n}: server user ${(split1.user - split0.user).toFixed(2)} s, system ${(split1.system - split0.system).toFixed(2)} s`);
		const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
		const received = results.reduce((sum, r) => sum + r.received, 0);
		const result = {
			server: server.name,
			clients: n,
			awareness,
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			deliveries: received,
			cpuUsPerDelivery: ((cpu1 - cpu0) * 1e6) / Math.max(1, received),
			rssPerConnKB: (rssIdle - rssBefore) / n / 1024,
			syncMs
		};
		writer.destroy();
		return result;
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
}

/** Replays the B4 editing trace through the server: one writer, one observer. */
async function replayB4({ killAfterOps } = {}) {
	const trace = JSON.parse(gunzipSync(readFileSync(new URL('../../../shared/bench-data/automerge-paper.json.gz', import.meta.url))).toString());
	const patches = trace.txns.flatMap((t) => t.patches);
	const server = await startOurs();
	try {
		const docName = server.docNames[0];
		let sent = 0;
		const writer = client(server, docName);
		const observer = client(server, docName);
		await Promise.all([writer.synced, observer.synced]);
		if (process.env.BENCH_VERBOSE) {
			// Why a client lost its connection (the server's close code and reason), as it happens.
			for (const [who, c] of Object.entries({ writer, observer }))
				c.provider.on('connection-close', (event) => event && console.error(`${who}: closed by the server, ${event.code} ${event.reason}, after ${sent} ops`));
		}
		const text = writer.doc.getText('notes');
		const cpu0 = cpuSeconds(server.pid);
		const t0 = performance.now();
		for (const [pos, del, ins] of patches) {
			writer.doc.transact(() => {
				if (del > 0) text.delete(pos, del);
				if (ins) text.insert(pos, ins);
			});
			sent++;
			if (sent % 500 === 0) await new Promise((r) => setImmediate(r));
			if (killAfterOps && sent === killAfterOps) break;
			// Keep the socket buffer bounded: the writer is a client, not a firehose.
			while (writer.provider.ws && writer.provider.ws.bufferedAmount > 4 * 1024 * 1024) await sleep(1);
		}
		if (killAfterOps) {
			// Let the server take in what it got, then pull the plug while clients still receive.
			await sleep(50);
			await server.stop('SIGKILL');
			const seen = Y.encodeStateVector(observer.doc);
			const seenClock = Y.decodeStateVector(seen).get(writer.doc.clientID) ?? 0;
			writer.destroy();
			observer.destroy();
			const restarted = await startOurs({ dir: server.home });
			const after = client(restarted, docName);
			await after.synced;
			const survived = Y.decodeStateVector(Y.encodeStateVector(after.doc)).get(writer.doc.clientID) ?? 0;
			after.destroy();
			await restarted.stop();
			return { sent, seenClock, survivedClock: survived, lost: Math.max(0, seenClock - survived) };
		}
		const expected = trace.endContent;
		await until(
			() => observer.doc.getText('notes').length === expected.length && observer.doc.getText('notes').toString() === expected,
			300_000,
			'observer has the end content'
		);
		const seconds = (performance.now() - t0) / 1000;
		const cpu = cpuSeconds(server.pid) - cpu0;
		const peak = memory(server.pid).peak;
		writer.destroy();
		observer.destroy();
		// Cold load: restart the server (the document is no longer in memory) and warm the
		// process up on another document, as a running server would be; then time a new client
		// until it has the full text.
		await server.stop();
		const cold = await startOurs({ dir: server.home });
		const warm = client(cold, cold.docNames[1]);
		await warm.synced;
		warm.doc.getText('notes').insert(0, 'warm-up');
		await sleep(200);
		warm.destroy();
		const c0 = performance.now();
		const reader = client(cold, docName);
		let connectedMs = NaN;
		reader.provider.on('status', ({ status }) => status === 'connected' && (connectedMs = performance.now() - c0));
		const socket = reader.provider.ws;
		await reader.synced;
		const coldMs = performance.now() - c0;
		const answerMs = socket.firstMessageAt - c0;
		if (process.env.BENCH_VERBOSE)
			console.error(`cold load: connected after ${connectedMs.toFixed(0)} ms, answer in ${answerMs.toFixed(0)} ms, synced after ${coldMs.toFixed(0)} ms`);
		const complete = reader.doc.getText('notes').toString() === expected;
		reader.destroy();
		await cold.stop();
		return {
			ops: patches.length,
			seconds,
			opsPerSecond: patches.length / seconds,
			cpu,
			peakMB: peak / 1024 / 1024,
			databaseMB: server.databaseBytes() / 1024 / 1024,
			answerMs,
			coldMs,
			complete
		};
	} finally {
		await server.stop();
		server.cleanup();
	}
}

const rows = [];
if (want('fanout')) {
	for (const n of sizes) {
		for (const start of servers) {
			const r = await fanOut(start, n);
			rows.push(r);
			console.error(`fan-out ${r.server} n=${n}: p99 ${fmt(r.p99)} ms`);
		}
	}
}
if (want('awareness')) {
	for (const start of servers) {
		const r = await fanOut(start, 500, { awareness: true });
		rows.push(r);
		console.error(`awareness ${r.server}: p99 ${fmt(r.p99)} ms`);
	}
}
if (rows.length > 0) {
	console.log('\n(a)/(b) Fan-out: one writer at 10 updates/s for 10 s to N stock clients\n');
	console.log(
		table(
			['server', 'clients', 'presence', 'p50 ms', 'p99 ms', 'deliveries', 'CPU µs/delivery', 'RSS/conn KB', 'all synced ms'],
			rows.map((r) => [
				r.server,
				r.clients,
				r.awareness ? 'on' : 'off',
				fmt(r.p50),
				fmt(r.p99),
				r.deliveries,
				fmt(r.cpuUsPerDelivery, 2),
				fmt(r.rssPerConnKB),
				fmt(r.syncMs, 0)
			])
		)
	);
	for (const n of sizes) {
		const ref = rows.find((r) => r.server === 'reference' && r.clients === n && !r.awareness);
		const ours = rows.find((r) => r.server === 'ours' && r.clients === n && !r.awareness);
		if (ref && ours) console.log(`n=${n}: CPU per delivery, ours / reference = ${fmt(ours.cpuUsPerDelivery / ref.cpuUsPerDelivery, 2)}×`);
	}
}
if (want('b4')) {
	const r = await replayB4();
	console.log('\n(c) B4 editing trace through our server (every op durable before it is relayed)\n');
	console.log(
		table(
			['ops', 'seconds', 'ops/s', 'server CPU s', 'peak RSS MB', 'database MB', 'cold load: answer ms', 'cold load: full text ms', 'complete'],
			[[r.ops, fmt(r.seconds, 2), fmt(r.opsPerSecond, 0), fmt(r.cpu, 2), fmt(r.peakMB), fmt(r.databaseMB, 2), fmt(r.answerMs, 0), fmt(r.coldMs, 0), r.complete]]
		)
	);
}
if (want('crash')) {
	const r = await replayB4({ killAfterOps: 100_000 });
	console.log('\n(d) kill -9 during the B4 replay (after 100,000 ops sent)\n');
	console.log(table(['ops sent', 'writer clock seen by observer', 'clock after restart', 'lost'], [[r.sent, r.seenClock, r.survivedClock, r.lost]]));
}
if (want('flood')) await presenceFlood();
process.exit(0);
