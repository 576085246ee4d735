// A share of the fan-out clients, in a worker thread: stock y-websocket clients that connect,
// optionally move a cursor every 2 s, and time each delivery against the send time the writer
// put into the pushed item. Spread over threads, the clients' own work (the stock client parses
// and echoes every presence change it receives) does not queue up the measurement.
import { parentPort, workerData } from 'node:worker_threads';
import { client, sleep } from './lib.mjs';

process.setMaxListeners(0);
const { server, docName, count, first, awareness } = workerData;
const now = () => performance.timeOrigin + performance.now();

const clients = [];
for (let i = 0; i < count; i++) {
	clients.push(client(server, docName, { awareness }));
	if (awareness) clients[i].provider.awareness.setLocalStateField('user', { name: `Client ${first + i}` });
	if (i % 25 === 24) await sleep(5);
}
await Promise.all(clients.map((c) => c.synced));
parentPort.postMessage({ type: 'synced' });

const latencies = [];
let received = 0;
for (const c of clients) {
	c.doc.getArray('bench').observe((event) => {
		const at = now();
		for (const item of event.changes.added) {
			for (const value of item.content.getContent()) {
				latencies.push(at - value.sentAt);
				received++;
			}
		}
	});
}
const cursorTimers = [];
parentPort.on('message', async (message) => {
	if (message.type === 'presence' && awareness) {
		// Presence traffic of a busy meeting: every client moves its cursor every 2 s.
		clients.forEach((c, i) => {
			cursorTimers[i] = setTimeout(function tick() {
				c.provider.awareness.setLocalStateField('cursor', { at: Math.floor(Math.random() * 1000) });
				cursorTimers[i] = setTimeout(tick, 2000);
			}, Math.floor(Math.random() * 2000));
		});
	}
	if (message.type === 'collect') {
		const deadline = Date.now() + 30_000;
		while (received < message.expected * count && Date.now() < deadline) await sleep(20);
		for (const t of cursorTimers) clearTimeout(t);
		parentPort.postMessage({ type: 'result', latencies, received });
	}
	if (message.type === 'close') {
		for (const c of clients) c.destroy();
		parentPort.postMessage({ type: 'closed' });
	}
});
