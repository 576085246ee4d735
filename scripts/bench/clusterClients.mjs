// The receiving clients of bench:cluster, in a worker thread: stock y-websocket clients in groups
// (a document on an instance, labelled by the benchmark), each timing every delivery against the
// send time the writer put into the pushed item. Reports the latencies per label.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { client, sleep } from './lib.mjs';

const now = () => performance.timeOrigin + performance.now();

/** groups: [{ url, cookie, docName, count, label }]. */
export async function runGroups(groups, port) {
	const clients = [];
	const latencies = {};
	let received = 0;
	for (const group of groups) {
		latencies[group.label] ??= [];
		for (let i = 0; i < group.count; i++) {
			const c = client({ url: group.url, cookie: group.cookie }, group.docName);
			c.label = group.label;
			clients.push(c);
			// Connections arrive as a room fills, not in one burst of thousands of upgrades.
			if (clients.length % 25 === 0) await sleep(5);
		}
	}
	await Promise.all(clients.map((c) => c.synced));
	for (const c of clients) {
		c.doc.getText('notes').observe((event) => {
			const at = now();
			for (const { insert } of event.delta) {
				if (typeof insert?.sentAt !== 'number') continue;
				latencies[c.label].push(at - insert.sentAt);
				received++;
			}
		});
	}
	port.postMessage({ type: 'synced' });
	port.on('message', async (message) => {
		if (message.type === 'collect') {
			// Every client of the share got every item of its document, or 30 s passed: what is missing is reported.
			const deadline = Date.now() + 30_000;
			while (received < message.expected && Date.now() < deadline) await sleep(20);
			port.postMessage({ type: 'result', latencies, received });
		}
		if (message.type === 'close') {
			for (const c of clients) c.destroy();
			port.postMessage({ type: 'closed' });
		}
	});
}

if (!isMainThread && workerData?.clusterGroups) {
	process.setMaxListeners(0);
	runGroups(workerData.clusterGroups, parentPort);
}
