// A share of the plenary participants: stock y-websocket clients, each signed in as its own
// member (read-only on `plenary:<id>`), that behave like the session page in a browser:
// - read the document the way LivePlenary does (agenda, live, speakers and poll, read again on
//   every change) and time each moderator action against the send time stamped into it;
// - with page traffic on, reload the page's data (GET __data.json, as PollPanel's
//   invalidateAll() does) when the document shows a poll opening or closing, and reconnect
//   when told that their ballot's page reloaded (the ballot is a plain form: a full navigation).
// Runs in a worker thread or, through a MessageChannel, in the benchmark's own thread (see
// fanoutClients.mjs).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { client, sleep } from './lib.mjs';

const now = () => performance.timeOrigin + performance.now();

/** The live-map field the moderator stamps each action with: `{ k, sentAt }`. */
export const STAMP = 'benchStamp';

export async function runParticipants({ url, origin, pagePath, docName, cookies, names, presence, pageTraffic, plenaryModule }, port) {
	const plenary = await import(plenaryModule);
	const latencies = [];
	const actions = [];
	const dataLoads = [];
	const reconnects = [];
	let received = 0;
	let pending = 0;
	let expect = null;

	async function loadData(slot) {
		pending++;
		const key = slot.known;
		const t0 = performance.now();
		try {
			const response = await fetch(`${origin}${pagePath}/__data.json`, { headers: { cookie: cookies[slot.index] } });
			await response.text();
			dataLoads.push({ key, status: response.status, ms: performance.now() - t0, doneAt: now() });
		} catch (error) {
			dataLoads.push({ key, status: String(error.cause?.code ?? error.message), ms: performance.now() - t0, doneAt: now() });
		} finally {
			pending--;
		}
	}

	function connect(slot) {
		const c = client({ url, cookie: cookies[slot.index] }, docName, { awareness: presence });
		// The session page joins with the member's name as presence, like every participant's screen.
		if (presence) c.provider.awareness.setLocalStateField('user', { name: names[slot.index] });
		slot.c = c;
		// What the page's data was loaded with; the first read of the synced document stands for it.
		slot.known = null;
		// What LivePlenary does on every change of any of its four maps.
		const refresh = () => {
			if (slot.c !== c) return;
			plenary.readAgenda(c.doc);
			plenary.readLive(c.doc);
			plenary.readSpeakers(c.doc);
			const poll = (slot.poll = plenary.readPoll(c.doc));
			const at = now();
			const stamp = c.doc.getMap(plenary.LIVE).get(STAMP);
			if (stamp && stamp.k > slot.lastK) {
				slot.lastK = stamp.k;
				latencies.push(at - stamp.sentAt);
				actions.push(stamp.k);
				received++;
			}
			if (expect && poll?.id === expect.pollId) {
				if (slot.castSeenAt === null && poll.cast >= expect.cast) slot.castSeenAt = at;
				if (slot.closedSeenAt === null && poll.status === 'closed') slot.closedSeenAt = at;
			}
			const key = poll ? `${poll.id}:${poll.status}` : 'none';
			if (slot.known === null) slot.known = key;
			else if (key !== slot.known) {
				slot.known = key;
				if (pageTraffic) void loadData(slot);
			}
		};
		for (const map of [plenary.AGENDA, plenary.LIVE, plenary.SPEAKERS, plenary.POLL]) c.doc.getMap(map).observeDeep(refresh);
		return c.synced;
	}

	const slots = [];
	for (let i = 0; i < cookies.length; i++) {
		const slot = { index: i, c: null, known: null, poll: null, lastK: -1, castSeenAt: null, closedSeenAt: null };
		slots.push(slot);
		connect(slot);
		if (i % 25 === 24) await sleep(5);
	}
	await Promise.all(slots.map((s) => s.c.synced));
	port.postMessage({ type: 'synced' });

	port.on('message', async (message) => {
		if (message.type === 'collect') {
			const deadline = Date.now() + 30_000;
			while (received < message.expected * slots.length && Date.now() < deadline) await sleep(20);
			port.postMessage({ type: 'result', latencies: latencies.splice(0), actions: actions.splice(0), received });
			received = 0;
		}
		if (message.type === 'expectPoll') {
			expect = { pollId: message.pollId, cast: message.cast };
			for (const s of slots) {
				s.castSeenAt = null;
				s.closedSeenAt = null;
			}
		}
		if (message.type === 'reconnect') {
			// The browser left the page for the vote's answer: the old socket closes, the new page
			// opens its own and syncs the document again.
			const slot = slots[message.index];
			slot.c.destroy();
			const t0 = performance.now();
			await connect(slot);
			reconnects.push(performance.now() - t0);
		}
		if (message.type === 'pollSeen') {
			// Wait until every screen shows what was asked for (the count, or the closed result)
			// and the page data it reloaded meanwhile has arrived.
			const key = message.closed ? 'closedSeenAt' : 'castSeenAt';
			const deadline = Date.now() + message.timeoutMs;
			while ((slots.some((s) => s[key] === null) || pending > 0) && Date.now() < deadline) await sleep(10);
			port.postMessage({
				type: 'pollSeen',
				seenAt: slots.map((s) => s[key]),
				polls: slots.map((s) => (s.poll ? { id: s.poll.id, status: s.poll.status, cast: s.poll.cast, tally: s.poll.result?.tally ?? null } : null)),
				dataLoads: dataLoads.splice(0),
				reconnects: reconnects.splice(0)
			});
		}
		if (message.type === 'close') {
			for (const s of slots) s.c.destroy();
			port.postMessage({ type: 'closed' });
		}
	});
}

if (!isMainThread && workerData?.plenaryParticipants) {
	process.setMaxListeners(0);
	runParticipants(workerData.plenaryParticipants, parentPort);
}
