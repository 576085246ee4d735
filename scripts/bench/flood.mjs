// npm run bench:collab -- flood
// Issue 13, item 3: the presence flood of the attack on the running server, against our
// production build. A member sends awareness messages of 100 states of 8 KB each, every one
// under a fresh client id and with a name that is not theirs, as fast as the socket drains, to
// 5 documents at once: first as a voting member (read-only on the plenary), then as a writer.
// The office watches each document with a stock client, as the moderator's "Gerade dabei" does.
// Prints the server's RSS and CPU every second and what the watchers ended up showing.
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { client, cpuSeconds, loadPresenceFilter, memory, signIn, sleep, startOurs, table } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 20);
const DOCS = 5;
const ENTRIES = 100;
const FAKE_NAME = 'Landrat Thomas Berger';
// Just under the server's 8 KiB per state, as in the attack.
const STATE = JSON.stringify({ user: { name: FAKE_NAME }, pad: 'x'.repeat(8000) });

let nextId = 1_000_000;
/** One awareness message (y-websocket type 1): ENTRIES states, each under a client id never seen. */
function floodMessage() {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, ENTRIES);
	for (let i = 0; i < ENTRIES; i++) {
		encoding.writeVarUint(update, nextId++);
		encoding.writeVarUint(update, 1);
		encoding.writeVarString(update, STATE);
	}
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, 1);
	encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
	return encoding.toUint8Array(message);
}

/** Sends flood messages on one raw socket until `until`, keeping at most 4 MB in flight. */
async function flood(url, cookie, until) {
	const ws = new WebSocket(url, { headers: { cookie } });
	let closed = null;
	ws.on('close', (code) => (closed = code));
	ws.on('error', () => {});
	await new Promise((resolve) => ws.once('open', resolve));
	let sent = 0;
	while (Date.now() < until && closed === null) {
		if (ws.bufferedAmount > 4 * 1024 * 1024) {
			await sleep(5);
			continue;
		}
		ws.send(floodMessage());
		sent++;
		if (sent % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
	}
	ws.close();
	return { sent, closed };
}

async function round(server, docNames, who, cookie) {
	// The office's screens, as LiveDoc has them: with a presence, sending only their own changes.
	const sendOnlyPresenceChanges = await loadPresenceFilter();
	const fakes = new Set();
	const watchers = docNames.map((name) => {
		const watcher = client(server, name, { awareness: true });
		sendOnlyPresenceChanges(watcher.provider);
		watcher.provider.awareness.setLocalStateField('user', { name: 'Sabine Krüger' });
		watcher.provider.awareness.on('change', ({ added, updated }) => {
			for (const id of [...added, ...updated]) if (watcher.provider.awareness.getStates().get(id)?.user?.name === FAKE_NAME) fakes.add(`${name}/${id}`);
		});
		return watcher;
	});
	await Promise.all(watchers.map((w) => w.synced));
	const pid = server.pid;
	const samples = [];
	let cpu = cpuSeconds(pid);
	const t0 = Date.now();
	samples.push({ t: 0, rss: memory(pid).rss, cpu: 0 });
	const until = t0 + SECONDS * 1000;
	const sampling = (async () => {
		let last = t0;
		while (Date.now() < until + 2000) {
			await sleep(1000);
			const now = cpuSeconds(pid);
			const at = Date.now();
			// Share of one core since the last sample (the samples drift apart on a busy machine).
			samples.push({ t: (at - t0) / 1000, rss: memory(pid).rss, cpu: (now - cpu) / ((at - last) / 1000) });
			cpu = now;
			last = at;
		}
	})();
	const results = await Promise.all(docNames.map((name) => flood(`${server.url}/${name}`, cookie, until)));
	await sampling;
	for (const w of watchers) w.destroy();
	const messages = results.reduce((sum, r) => sum + r.sent, 0);
	const closes = [...new Set(results.map((r) => r.closed).filter((c) => c !== null))];
	return { who, samples, messages, closes, fakes: fakes.size };
}

export async function presenceFlood() {
	const server = await startOurs();
	try {
		const db = new Database(join(server.home, 'ratschlag.sqlite'), { readonly: true });
		const sessions = db
			.prepare('SELECT id FROM plenary_sessions ORDER BY starts_at')
			.all()
			.map((r) => `plenary:${r.id}`);
		db.close();
		const docNames = [...sessions, ...server.docNames].slice(0, DOCS);
		const member = await signIn(server, 'Stimmberechtigtes');
		const rounds = [await round(server, docNames, 'voting member (read-only on the plenary)', member)];
		// Another session of the office: a writer on every one of these documents.
		rounds.push(await round(server, docNames, 'writer (the office, second session)', await signIn(server, 'Geschäftsstelle')));
		for (const r of rounds) {
			console.log(`\nPresence flood by a ${r.who}: ${DOCS} documents, ${ENTRIES} states of 8 KB under fresh ids per message, ${SECONDS} s\n`);
			console.log(
				table(
					['s', 'server RSS MB', 'server CPU % of a core'],
					r.samples.map((s) => [s.t.toFixed(0), (s.rss / 1024 / 1024).toFixed(0), (s.cpu * 100).toFixed(0)])
				)
			);
			const peak = Math.max(...r.samples.map((s) => s.rss));
			const busy = r.samples.slice(1);
			console.log(
				`messages sent: ${r.messages} (${((r.messages * ENTRIES * 8) / 1024).toFixed(0)} MB of states); closed by the server with: ${r.closes.join(', ') || 'none'}; ` +
					`RSS ${(r.samples[0].rss / 1024 / 1024).toFixed(0)} → peak ${(peak / 1024 / 1024).toFixed(0)} MB; ` +
					`mean CPU ${((busy.reduce((s, x) => s + x.cpu, 0) / Math.max(1, busy.length)) * 100).toFixed(0)} %; ` +
					`the office's screens were shown ${r.fakes} presences named "${FAKE_NAME}"`
			);
		}
	} finally {
		await server.stop();
		server.cleanup();
	}
}
