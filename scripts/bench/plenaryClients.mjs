// A share of the plenary participants: stock y-websocket clients, each signed in as its own
// member (read-only on `plenary:<id>`), that behave like the session page in a browser:
// - read the document the way LivePlenary does (after each transaction, the parts of the view it
//   touched: src/lib/plenary/view.ts) and time each moderator action against the send time
//   stamped into it, twice: until this screen showed it here, where it waited for the screens
//   of the same thread read before it, and as on a device of its own: until the message
//   arrived, plus the time this screen took to handle it (see `deferMessages` in lib.mjs);
// - with page traffic on, fetch their own ballot (GET <page>/ballot, as PollPanel does) when the
//   document shows a poll opening; a closed poll's result comes with the document itself.
//   Members without JavaScript (`noScript`) have no such page script: they reload by hand.
// Runs in a worker thread or, through a MessageChannel, in the benchmark's own thread (see
// fanoutClients.mjs).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { client, sleep } from './lib.mjs';

const now = () => performance.timeOrigin + performance.now();

/** The live-map field the moderator stamps each action with: `{ k, sentAt }`. */
export const STAMP = 'benchStamp';

export async function runParticipants({ url, origin, pagePath, docName, cookies, names, noScript, presence, joinMs, screenReads, plenaryModule }, port) {
	// Switched on per poll round by the benchmark.
	let pageTraffic = false;
	const plenary = await import(plenaryModule);
	const latencies = [];
	const ownLatencies = [];
	const actions = [];
	const ballotLoads = [];
	let received = 0;
	let pending = 0;
	let expectedPoll = null;

	async function loadBallot(slot) {
		pending++;
		const key = slot.known;
		const t0 = performance.now();
		try {
			const response = await fetch(`${origin}${pagePath}/ballot`, { headers: { cookie: cookies[slot.index], accept: 'application/json' } });
			const { ballot } = await response.json();
			ballotLoads.push({ key, status: response.status, state: ballot?.state ?? null, ms: performance.now() - t0, doneAt: now() });
		} catch (error) {
			ballotLoads.push({ key, status: String(error.cause?.code ?? error.message), state: null, ms: performance.now() - t0, doneAt: now() });
		} finally {
			pending--;
		}
	}

	function connect(slot) {
		const c = client({ url, cookie: cookies[slot.index] }, docName, { awareness: presence, deferMessages: true });
		// With BENCH_PRESENCE=1, each screen shows its member's name, as if participants had a presence.
		if (presence) c.provider.awareness.setLocalStateField('user', { name: names[slot.index] });
		slot.c = c;
		// What the page's data was loaded with; the first read of the synced document stands for it.
		slot.known = null;
		const onChange = (view) => {
			if (view.poll !== undefined) slot.poll = view.poll;
			if (view.agenda) slot.agenda = view.agenda;
			const poll = slot.poll;
			const at = now();
			const stamp = c.doc.getMap(plenary.LIVE).get(STAMP);
			if (stamp && stamp.k > slot.lastK) {
				slot.lastK = stamp.k;
				latencies.push(at - stamp.sentAt);
				const ws = c.provider.ws;
				ownLatencies.push(ws.arrivedAt - stamp.sentAt + (at - ws.handlingSince));
				actions.push(stamp.k);
				received++;
			}
			if (expectedPoll && poll?.id === expectedPoll) {
				// When each count first showed: how many ballots get through is known only afterwards.
				if (poll.cast > (slot.counts.at(-1)?.[0] ?? -1)) slot.counts.push([poll.cast, at]);
				if (slot.closedSeenAt === null && poll.status === 'closed') slot.closedSeenAt = at;
			}
			const key = poll ? `${poll.id}:${poll.status}` : 'none';
			if (slot.known === null) slot.known = key;
			else if (key !== slot.known) {
				slot.known = key;
				if (pageTraffic && poll?.status === 'open' && !noScript[slot.index]) void loadBallot(slot);
			}
		};
		// What LivePlenary does after every transaction: read again what it touched (with
		// BENCH_SCREEN_READS=0 only the poll, which the benchmark checks).
		c.doc.on('afterTransaction', (transaction) => {
			if (slot.c !== c || !c.provider.synced) return;
			const changed = plenary.changedMaps(c.doc, transaction);
			onChange(screenReads ? plenary.readView(c.doc, changed, slot.agenda) : changed(plenary.POLL) ? { poll: plenary.readPoll(c.doc) } : {});
		});
		c.provider.on('sync', (synced) => synced && slot.c === c && onChange(plenary.readView(c.doc)));
		return c.synced;
	}

	const slots = [];
	for (let i = 0; i < cookies.length; i++) {
		const slot = { index: i, c: null, known: null, poll: null, agenda: null, lastK: -1, counts: [], closedSeenAt: null };
		slots.push(slot);
		connect(slot);
		// People arrive over a while, not in the same second: their presence renewals (every 15 s
		// in y-protocols) then come spread out, as in a real room, not as one wave from everyone.
		await sleep(joinMs / cookies.length);
	}
	await Promise.all(slots.map((s) => s.c.synced));
	port.postMessage({ type: 'synced' });

	port.on('message', async (message) => {
		if (message.type === 'collect') {
			const deadline = Date.now() + 30_000;
			while (received < message.expected * slots.length && Date.now() < deadline) await sleep(20);
			port.postMessage({ type: 'result', latencies: latencies.splice(0), ownLatencies: ownLatencies.splice(0), actions: actions.splice(0), received });
			received = 0;
		}
		if (message.type === 'pageTraffic') pageTraffic = message.on;
		if (message.type === 'expectPoll') {
			expectedPoll = message.pollId;
			for (const s of slots) {
				s.counts = [];
				s.closedSeenAt = null;
			}
		}
		if (message.type === 'pollSeen') {
			// Wait until every screen shows what was asked for (the count, or the closed result)
			// and the ballots it fetched meanwhile are back.
			const seenAt = (s) => (message.closed ? s.closedSeenAt : (s.counts.find(([cast]) => cast >= message.cast)?.[1] ?? null));
			const deadline = Date.now() + message.timeoutMs;
			while ((slots.some((s) => seenAt(s) === null) || pending > 0) && Date.now() < deadline) await sleep(10);
			port.postMessage({
				type: 'pollSeen',
				seenAt: slots.map(seenAt),
				polls: slots.map((s) => (s.poll ? { id: s.poll.id, status: s.poll.status, cast: s.poll.cast, tally: s.poll.result?.tally ?? null } : null)),
				ballotLoads: ballotLoads.splice(0)
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
