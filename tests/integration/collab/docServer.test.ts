import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { removeGroupRole } from '../../../src/lib/server/commands/removeGroupRole';
import { encodeRow } from '../../../src/lib/server/collab/docStore';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { collabMetrics } from '../../../server/collab/metrics';
import { connect, startTestServerOn, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';

describe.each(DIALECTS)('document server on %s', (dialect) => {
	const bed = collabTestBedOn(dialect);
	const store = () => docStoreOn(bed.data);
	/** The document's text as the store holds it. */
	const textStored = async (docName: string) => (await store().read(docName)).getText(NOTES_TEXT).toString();
	let name: string;
	const track = bed.track;
	const as = bed.cookie;
	beforeAll(() => {
		name = groupNotesDoc(bed.fixture.group.id);
	});

	/** Upgrades with a raw `ws` client and reports the HTTP status of a refusal, or 101. */
	function upgradeStatus(path: string, headers: Record<string, string>): Promise<number> {
		return new Promise((resolve) => {
			const ws = new WebSocket(`${bed.server.url}/${path}`, { headers });
			ws.on('upgrade', () => {
				resolve(101);
				ws.close();
			});
			ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			ws.on('error', () => {});
		});
	}

	/** Sends raw bytes over an authenticated connection and resolves with the close code. */
	function sendRaw(cookie: string, bytes: Uint8Array): Promise<number> {
		return new Promise((resolve) => {
			const ws = new WebSocket(`${bed.server.url}/${name}`, { headers: { cookie } });
			ws.on('open', () => ws.send(bytes));
			ws.on('close', (code) => resolve(code));
			ws.on('error', () => {});
		});
	}

	describe('document server with the stock y-websocket client', () => {
		it('two writers converge', async () => {
			const a = track(connect(bed.server.url, name, await as('groupCoordinator')));
			const b = track(connect(bed.server.url, name, await as('minuteTaker')));
			await Promise.all([a.synced(), b.synced()]);
			a.doc.getText(NOTES_TEXT).insert(0, 'Hallo ');
			b.doc.getText(NOTES_TEXT).insert(0, 'Welt ');
			await until(() => a.text() === b.text() && a.text().length === 11, 5000, 'convergence');
			expect(a.text()).toContain('Hallo');
			expect(a.text()).toContain('Welt');
		});

		it('a read-only member receives everything, and its own edits reach neither the log nor anyone else', async () => {
			const writer = track(connect(bed.server.url, name, await as('groupCoordinator')));
			const reader = track(connect(bed.server.url, name, await as('votingMember')));
			await Promise.all([writer.synced(), reader.synced()]);
			writer.doc.getText(NOTES_TEXT).insert(0, 'Beschluss: ');
			await until(() => reader.text().startsWith('Beschluss: '), 5000, 'reader receives');
			const rowsBefore = await store().logRows(name);
			const droppedBefore = (await collabMetrics().readOnlyDropped.get()).values[0].value;
			reader.doc.getText(NOTES_TEXT).insert(0, 'GEFÄLSCHT ');
			await new Promise((r) => setTimeout(r, 200));
			expect(writer.text()).not.toContain('GEFÄLSCHT');
			expect(await store().logRows(name)).toBe(rowsBefore);
			expect(await textStored(name)).not.toContain('GEFÄLSCHT');
			expect((await collabMetrics().readOnlyDropped.get()).values[0].value).toBeGreaterThan(droppedBefore);
		});

		it('refuses before the upgrade: no cookie 401, foreign origin 403, no right 403, bad name 400, and lets a member in', async () => {
			expect(await upgradeStatus(name, {})).toBe(401);
			expect(await upgradeStatus(name, { cookie: await as('groupMember'), origin: 'https://evil.example' })).toBe(403);
			expect(await upgradeStatus(name, { cookie: await as('guest') })).toBe(403);
			expect(await upgradeStatus(name, { cookie: await as('otherOffice') })).toBe(403);
			expect(await upgradeStatus('notes:does-not-parse!', { cookie: await as('office') })).toBe(400);
			expect(await upgradeStatus(groupNotesDoc('unknowngroup'), { cookie: await as('office') })).toBe(403);
			expect(await upgradeStatus(name, { cookie: await as('groupMember'), origin: bed.server.origin })).toBe(101);
		});

		it('closes only the offending connection on malformed or oversized frames; the server and document stay intact', async () => {
			const watcher = track(connect(bed.server.url, name, await as('office')));
			await watcher.synced();
			watcher.doc.getText(NOTES_TEXT).insert(0, 'Stand: ');
			await until(async () => (await textStored(name)).startsWith('Stand: '), 5000, 'persisted');
			const before = await textStored(name);
			const cookie = await as('groupCoordinator');
			const random = new Uint8Array(64).map(() => Math.floor(Math.random() * 256));
			random[0] = 0; // a sync message …
			random[1] = 2; // … claiming to be an update, followed by noise
			expect(await sendRaw(cookie, random)).toBe(1007);
			expect(await sendRaw(cookie, new Uint8Array([0x80]))).toBe(1007); // truncated varint
			expect(await sendRaw(cookie, new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]))).toBe(1007); // huge length prefix
			expect(await sendRaw(cookie, new Uint8Array([42]))).toBe(1007); // unknown message type
			expect(await sendRaw(cookie, new Uint8Array(1024 * 1024 + 16))).toBe(1009); // over the frame limit
			// Still serving, document unchanged.
			const late = track(connect(bed.server.url, name, await as('minuteTaker')));
			await late.synced();
			expect(late.text()).toBe(before);
			expect(await textStored(name)).toBe(before);
		});

		it('server-side changes are stored and relayed like a client’s', async () => {
			const client = track(connect(bed.server.url, name, await as('minuteTaker')));
			await client.synced();
			await bed.server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, '[Server] '));
			await until(() => client.text().startsWith('[Server] '), 5000, 'server change relayed');
			expect((await textStored(name)).startsWith('[Server] ')).toBe(true);
			// One that changes nothing (a projection already shown) adds no row.
			const rows = await store().logRows(name);
			await bed.server.docs.change(name, (doc) => doc.getText(NOTES_TEXT).toString());
			expect(await store().logRows(name)).toBe(rows);
		});

		it('presence is relayed between clients under the person’s own name; an oversized presence state closes that connection', async () => {
			const a = track(connect(bed.server.url, name, await as('groupCoordinator')));
			const b = track(connect(bed.server.url, name, await as('minuteTaker')));
			await Promise.all([a.synced(), b.synced()]);
			a.provider.awareness.setLocalStateField('user', { name: 'Koordination', color: '#0a7' });
			// The name is the person's (the fixture names people after their role), whatever the client wrote.
			await until(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'groupCoordinator', 5000, 'presence');
			expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user).toEqual({ name: 'groupCoordinator', color: '#0a7' });
			const closed = new Promise<number>((resolve) => b.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
			b.provider.awareness.setLocalStateField('user', { name: 'x'.repeat(20_000) });
			expect(await closed).toBe(4413);
		});

		it('presence renewals wait for the slower pace or the next change; changes go at once', async () => {
			// Renewals gathered for a minute: within this test only a change can carry them.
			const slow = await startTestServerOn(bed.data, { awarenessIntervalMs: 20, awarenessRenewIntervalMs: 60_000 });
			const a = connect(slow.url, name, await as('groupCoordinator'));
			const b = connect(slow.url, name, await as('minuteTaker'));
			try {
				await Promise.all([a.synced(), b.synced()]);
				const clockSeenByB = () => b.provider.awareness.meta.get(a.doc.clientID)?.clock ?? -1;
				a.provider.awareness.setLocalStateField('cursor', 1);
				await until(() => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor === 1, 5000, 'presence');
				const before = clockSeenByB();
				// What the stock client does every 15 s: the same state again, with a new clock.
				a.provider.awareness.setLocalState(a.provider.awareness.getLocalState());
				await new Promise((resolve) => setTimeout(resolve, 300));
				expect(clockSeenByB()).toBe(before);
				a.provider.awareness.setLocalStateField('cursor', 2);
				await until(() => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor === 2, 5000, 'changed presence');
				expect(clockSeenByB()).toBe(before + 2);
			} finally {
				a.close();
				b.close();
				await slow.stop();
			}
			// At the configured pace, a renewal alone arrives.
			const quick = await startTestServerOn(bed.data, { awarenessIntervalMs: 20, awarenessRenewIntervalMs: 100 });
			const c = connect(quick.url, name, await as('groupCoordinator'));
			const d = connect(quick.url, name, await as('minuteTaker'));
			try {
				await Promise.all([c.synced(), d.synced()]);
				c.provider.awareness.setLocalStateField('cursor', 1);
				await until(() => d.provider.awareness.getStates().get(c.doc.clientID)?.cursor === 1, 5000, 'presence');
				const before = d.provider.awareness.meta.get(c.doc.clientID)!.clock;
				c.provider.awareness.setLocalState(c.provider.awareness.getLocalState());
				await until(() => d.provider.awareness.meta.get(c.doc.clientID)!.clock === before + 1, 5000, 'renewal');
			} finally {
				c.close();
				d.close();
				await quick.stop();
			}
		});

		it('limits connections per person', async () => {
			const limited = await startTestServerOn(bed.data, { maxConnectionsPerPerson: 2 });
			const cookie = await as('office');
			const clients = [connect(limited.url, name, cookie), connect(limited.url, name, cookie)];
			await Promise.all(clients.map((c) => c.synced()));
			const status = await new Promise<number>((resolve) => {
				const ws = new WebSocket(`${limited.url}/${name}`, { headers: { cookie } });
				ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
				ws.on('upgrade', () => resolve(101));
				ws.on('error', () => {});
			});
			expect(status).toBe(429);
			for (const c of clients) c.close();
			await limited.stop();
		});

		it('when a role is taken away, open connections lose their rights at once', async () => {
			const office = await bed.actor('office');
			const member = track(connect(bed.server.url, name, await as('groupMember')));
			await member.synced();
			const closed = new Promise<number>((resolve) => member.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
			await removeGroupRole(bed.data, office, {
				conferenceId: bed.fixture.conferenceA.id,
				groupId: bed.fixture.group.id,
				personId: bed.fixture.ids.groupMember,
				role: 'member'
			});
			expect(await closed).toBe(4403);
			await new Promise((r) => setTimeout(r, 100));
			expect(member.provider.wsconnected).toBe(false);
		});
	});

	describe('durability', () => {
		it('content survives a restart of the server', async () => {
			const restartName = groupNotesDoc(bed.fixture.otherGroup.id);
			const first = await startTestServerOn(bed.data);
			const writer = connect(first.url, restartName, await as('office'));
			await writer.synced();
			writer.doc.getText(NOTES_TEXT).insert(0, 'Vor dem Neustart');
			await until(async () => (await store().logRows(restartName)) > 0, 5000, 'persisted');
			writer.close();
			await first.stop();

			const second = await startTestServerOn(bed.data);
			const reader = connect(second.url, restartName, await as('office'));
			await reader.synced();
			expect(reader.text()).toBe('Vor dem Neustart');
			reader.close();
			await second.stop();
		});

		it('serves a document stored as a snapshot to new clients, and merges a returning client’s offline edits', async () => {
			const docName = groupNotesDoc(bed.fixture.otherGroup.id);
			const store = docStoreOn(bed.data);
			const stored = await store.read(docName);
			stored.getText(NOTES_TEXT).insert(0, 'Stand vom Montag. ');
			await store.append(new Map([[docName, [Y.encodeStateAsUpdate(stored)]]]));
			await store.compact(docName, stored);
			expect(await store.storedState(docName)).not.toBeNull();
			const storedText = stored.getText(NOTES_TEXT).toString();
			const offline = new Y.Doc();
			Y.applyUpdate(offline, Y.encodeStateAsUpdate(stored));
			offline.getText(NOTES_TEXT).insert(offline.getText(NOTES_TEXT).length, 'Offline ergänzt.');

			const restarted = await startTestServerOn(bed.data);
			const fresh = connect(restarted.url, docName, await as('office'));
			await fresh.synced();
			expect(fresh.text()).toBe(storedText);
			const returning = connect(restarted.url, docName, await as('office'), { doc: offline });
			await returning.synced();
			await until(() => fresh.text() === storedText + 'Offline ergänzt.', 5000, 'offline edit reaches the other client');
			fresh.doc.getText(NOTES_TEXT).insert(0, '! ');
			await until(() => returning.text().startsWith('! '), 5000, 'edit after the load reaches the returning client');
			fresh.close();
			returning.close();
			await restarted.stop();
			expect((await store.read(docName)).getText(NOTES_TEXT).toString()).toBe('! ' + storedText + 'Offline ergänzt.');
		});

		it('loads a long log in one pass and folds it into a snapshot', async () => {
			const longName = groupNotesDoc(bed.fixture.group.id + 'x');
			const store = docStoreOn(bed.data);
			const source = new Y.Doc();
			const updates: Uint8Array[] = [];
			source.on('update', (u: Uint8Array) => updates.push(u));
			for (let i = 0; i < 2000; i++) source.getText(NOTES_TEXT).insert(i, 'a');
			// One row per update, as 2000 separate ticks would write it; in one statement, since 2000
			// appends, a round trip and a transaction each on PostgreSQL, take longer than the test may.
			await bed.data.q.insert(bed.data.t.docUpdates).values(updates.map((update) => ({ docName: longName, updates: Buffer.from(encodeRow([update])) })));
			const loaded = new Y.Doc();
			expect((await store.load(longName, loaded)).rows).toBe(2000);
			expect(loaded.getText(NOTES_TEXT).length).toBe(2000);
			await store.compact(longName, loaded);
			expect(await store.logRows(longName)).toBe(0);
			expect((await store.read(longName)).getText(NOTES_TEXT).length).toBe(2000);
		});
	});
});
