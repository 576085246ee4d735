// A share of the fan-out clients: stock y-websocket clients that connect, optionally move a
// cursor every 2 s, and time each delivery against the send time the writer put into the pushed
// item. Runs in a worker thread (spread over threads, the clients' own work does not queue up
// the measurement) or, through a MessageChannel, in the benchmark's own thread.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { client, sleep } from './lib.mjs';

const now = () => performance.timeOrigin + performance.now();

export async function runClients({ server, docName, count, first, awareness }, port) {
	const clients = [];
	for (let i = 0; i < count; i++) {
		clients.push(client(server, docName, { awareness }));
		if (awareness) clients[i].provider.awareness.setLocalStateField('user', { name: `Client ${first + i}` });
		if (i % 25 === 24) await sleep(5);
	}
	await Promise.all(clients.map((c) => c.synced));
	port.postMessage({ type: 'synced' });

	const latencies = [];
	let received = 0;
	for (const c of clients) {
		c.doc.getText('notes').observe((event) => {
			const at = now();
			for (const { insert } of event.delta) {
				if (typeof insert?.sentAt !== 'number') continue;
				latencies.push(at - insert.sentAt);
				received++;
			}
		});
	}
	const cursorTimers = [];
	port.on('message', async (message) => {
		if (message.type === 'presence' && awareness) {
			// Presence traffic of a busy meeting: every client moves its cursor every 2 s.
			clients.forEach((c, i) => {
				cursorTimers[i] = setTimeout(
					function tick() {
						c.provider.awareness.setLocalStateField('cursor', { at: Math.floor(Math.random() * 1000) });
						cursorTimers[i] = setTimeout(tick, 2000);
					},
					Math.floor(Math.random() * 2000)
				);
			});
		}
		if (message.type === 'collect') {
			const deadline = Date.now() + 30_000;
			while (received < message.expected * count && Date.now() < deadline) await sleep(20);
			for (const t of cursorTimers) clearTimeout(t);
			port.postMessage({ type: 'result', latencies, received });
		}
		if (message.type === 'close') {
			for (const c of clients) c.destroy();
			port.postMessage({ type: 'closed' });
		}
	});
}

if (!isMainThread && workerData?.fanOutClients) {
	process.setMaxListeners(0);
	runClients(workerData.fanOutClients, parentPort);
}
