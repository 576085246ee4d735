// On SQLite only: presence lives in the server's memory, never in the store; a role removed in PostgreSQL ending a writer's rights is onPostgres.test.ts's.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { removeGroupRole } from '../../../src/lib/server/commands/removeGroupRole';
import { groupMemberships, workingGroups } from '../../../src/lib/server/db/schema';
import { loadActorOn } from '../../../src/lib/server/policies';
import { collabMetrics } from '../../../server/collab/metrics';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';
import { collabTestBed } from '../support/collabBed';
import { sqliteData } from '../../../src/lib/server/db/client';

/**
 * Issue 13, item 3: a voting member, read-only on a document, sent 100 presence states of 8 KB
 * under fresh client ids per message; memory grew 13 MB/s and the fake names showed on the
 * moderator's screen. Readers own no presence; a writer's connection owns one client id, under
 * the person's own name, bounded in size and rate.
 */
const bed = collabTestBed({ awarenessIntervalMs: 10 });
const { db, track } = bed;

const as = (who: keyof typeof bed.fixture.ids) => sessionCookie(db, bed.fixture.ids[who]);

/**
 * A document of its own for each test, nothing known of it yet: the notes of a new group, which
 * its coordinator and minute-taker write and the conference's members read.
 */
function freshNotes(): { name: string; groupId: string } {
	const group = db
		.insert(workingGroups)
		.values({ conferenceId: bed.fixture.conferenceA.id, name: `AG ${nextId}` })
		.returning()
		.get();
	db.insert(groupMemberships)
		.values([
			{ groupId: group.id, personId: bed.fixture.ids.groupCoordinator, role: 'coordinator' },
			{ groupId: group.id, personId: bed.fixture.ids.minuteTaker, role: 'minute_taker' }
		])
		.run();
	return { name: groupNotesDoc(group.id), groupId: group.id };
}
const FAKE = 'Landrat Thomas Berger';
let nextId = 900_000;

/** A y-websocket awareness message of `count` states under client ids nobody used before. */
function floodMessage(count: number, stateBytes: number): { message: Uint8Array; ids: number[] } {
	const state = JSON.stringify({ user: { name: FAKE }, pad: 'x'.repeat(stateBytes) });
	const ids: number[] = [];
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, count);
	for (let i = 0; i < count; i++) {
		ids.push(nextId++);
		encoding.writeVarUint(update, ids.at(-1)!);
		encoding.writeVarUint(update, 1);
		encoding.writeVarString(update, state);
	}
	return { message: awarenessMessage(encoding.toUint8Array(update)), ids };
}

function awarenessMessage(update: Uint8Array): Uint8Array {
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, 1);
	encoding.writeVarUint8Array(message, update);
	return encoding.toUint8Array(message);
}

/** One presence entry, as a client sends it. */
function presence(clientId: number, clock: number, state: unknown): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 1);
	encoding.writeVarUint(update, clientId);
	encoding.writeVarUint(update, clock);
	encoding.writeVarString(update, JSON.stringify(state));
	return awarenessMessage(encoding.toUint8Array(update));
}

/** A raw connection (no y-websocket client): sends what the test says. */
async function raw(name: string, cookie: string) {
	const ws = new WebSocket(`${bed.server.url}/${name}`, { headers: { cookie } });
	const received: Uint8Array[] = [];
	let closed: number | null = null;
	ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
	ws.on('close', (code) => (closed = code));
	ws.on('error', () => {});
	await new Promise((resolve) => ws.once('open', resolve));
	return {
		send: (message: Uint8Array) => ws.send(message),
		/**
		 * Resolves once the server has handled everything sent before: it handles a connection's
		 * messages in order, and answers a sync step 1 (message 0, step 0) with a step 2 to this
		 * connection alone.
		 */
		async handled(): Promise<void> {
			const before = received.length;
			ws.send(new Uint8Array([0, 0, 1, 0]));
			await until(() => received.slice(before).some((m) => m[0] === 0 && m[1] === 1), 10_000, 'the server’s answer');
		},
		closed: () => closed,
		close: () => ws.close()
	};
}

const dropped = async (reason: string) => (await collabMetrics().presenceDropped.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
const names = (client: ReturnType<typeof connect>) => [...client.provider.awareness.getStates().values()].map((s) => s.user?.name);
/** A stock client with a presence, as LiveDoc joins for someone who writes. */
async function present(name: string, who: keyof typeof bed.fixture.ids) {
	const client = track(connect(bed.server.url, name, await as(who)));
	client.provider.awareness.setLocalStateField('user', { name: who });
	return client;
}

/**
 * Waits until `watcher` shows a fresh cursor of `writer`: presence goes out in the order the server
 * took it in, so anything sent to the server before has reached the watcher by then, or never will.
 */
async function settle(writer: ReturnType<typeof connect>, watcher: ReturnType<typeof connect>) {
	const mark = Math.random();
	writer.provider.awareness.setLocalStateField('cursor', mark);
	await until(() => watcher.provider.awareness.getStates().get(writer.doc.clientID)?.cursor === mark, 5000, 'the writer’s cursor');
}

describe('presence', () => {
	it('a reader’s flood of states under fresh client ids reaches no one and leaves nothing on the server', async () => {
		const { name } = freshNotes();
		const watcher = await present(name, 'groupCoordinator');
		const writer = await present(name, 'minuteTaker');
		await Promise.all([watcher.synced(), writer.synced()]);
		await settle(writer, watcher);
		const droppedBefore = await dropped('read_only');

		const reader = track(await raw(name, await as('votingMember')));
		const flooded: number[] = [];
		for (let i = 0; i < 10; i++) {
			const { message, ids } = floodMessage(100, 8000);
			flooded.push(...ids);
			reader.send(message);
		}
		await reader.handled();
		expect(reader.closed()).toBeNull();
		await settle(writer, watcher);

		expect(names(watcher)).not.toContain(FAKE);
		expect(flooded.filter((id) => watcher.provider.awareness.getStates().has(id))).toEqual([]);
		// The two writers' presences only, and no trace of a thousand client ids.
		const held = bed.server.docs.presenceOf(name);
		expect([...held.states.keys()].sort()).toEqual([watcher.doc.clientID, writer.doc.clientID].sort());
		expect(held.known).toBe(2);
		expect((await dropped('read_only')) - droppedBefore).toBe(1000);
	});

	it('a read-only stock client that sets a presence still syncs, and its presence never reaches the writers', async () => {
		const { name } = freshNotes();
		const writer = await present(name, 'groupCoordinator');
		const other = await present(name, 'minuteTaker');
		const reader = track(connect(bed.server.url, name, await as('votingMember')));
		reader.provider.awareness.setLocalStateField('user', { name: FAKE });
		await Promise.all([writer.synced(), other.synced(), reader.synced()]);
		writer.doc.getText(NOTES_TEXT).insert(0, 'Tagesordnung: ');
		await until(() => reader.text().startsWith('Tagesordnung: '), 5000, 'the reader receives');
		// The reader changes and renews its presence, as the stock client does.
		reader.provider.awareness.setLocalStateField('cursor', 1);
		reader.provider.awareness.setLocalState(reader.provider.awareness.getLocalState());
		await settle(other, writer);

		expect(writer.provider.awareness.getStates().has(reader.doc.clientID)).toBe(false);
		expect(names(writer)).not.toContain(FAKE);
		expect(bed.server.docs.presenceOf(name).states.has(reader.doc.clientID)).toBe(false);
		// The reader still sees who writes.
		await settle(writer, reader);
		expect(reader.provider.awareness.getStates().get(writer.doc.clientID)?.user?.name).toBe('groupCoordinator');
	});

	it('a writer’s flood under fresh client ids counts once, under the writer’s own name', async () => {
		const { name } = freshNotes();
		const watcher = await present(name, 'groupCoordinator');
		await watcher.synced();
		const droppedBefore = await dropped('not_own');
		const attacker = track(await raw(name, await as('minuteTaker')));
		const flooded: number[] = [];
		for (let i = 0; i < 10; i++) {
			const { message, ids } = floodMessage(100, 8000);
			flooded.push(...ids);
			attacker.send(message);
		}
		await attacker.handled();
		// The first id it set is its own; the 999 others are refused.
		expect([...bed.server.docs.presenceOf(name).states.keys()].filter((id) => flooded.includes(id))).toEqual([flooded[0]]);
		expect((await dropped('not_own')) - droppedBefore).toBe(999);
		await until(() => watcher.provider.awareness.getStates().has(flooded[0]), 5000, 'the writer’s one presence');
		expect(watcher.provider.awareness.getStates().get(flooded[0])?.user?.name).toBe('minuteTaker');
		expect(names(watcher)).not.toContain(FAKE);
		expect(bed.server.docs.presenceOf(name).known).toBe(2);
	});

	it('an id another person’s connection holds is refused; the same person’s new connection takes its own over', async () => {
		const { name } = freshNotes();
		const watcher = await present(name, 'office');
		await watcher.synced();
		const cookie = await as('minuteTaker');
		const first = track(await raw(name, cookie));
		first.send(presence(777, 1, { cursor: 1 }));
		await until(() => watcher.provider.awareness.getStates().get(777)?.cursor === 1, 5000, 'the first connection’s presence');

		// Another person who may write takes the same id: refused.
		const droppedBefore = await dropped('not_own');
		const intruder = track(await raw(name, await as('groupCoordinator')));
		intruder.send(presence(777, 2, { cursor: 'taken' }));
		await intruder.handled();
		expect((await dropped('not_own')) - droppedBefore).toBe(1);
		expect(bed.server.docs.presenceOf(name).states.get(777)).toEqual({ cursor: 1, user: { name: 'minuteTaker' } });

		// The same person again: the stock client reconnects with its id, and the server may not have
		// noticed yet that the old socket is gone.
		const again = track(await raw(name, cookie));
		again.send(presence(777, 3, { cursor: 3 }));
		await until(() => watcher.provider.awareness.getStates().get(777)?.cursor === 3, 5000, 'the presence of the new connection');
		// The old socket's end no longer takes the presence with it.
		first.close();
		await until(() => bed.server.docs.connectionCount(name) === 3, 5000, 'the old connection gone');
		expect(bed.server.docs.presenceOf(name).states.get(777)).toEqual({ cursor: 3, user: { name: 'minuteTaker' } });
	});

	it('a burst of caret moves is held to the rate, and the caret still ends where it stopped', async () => {
		const { name } = freshNotes();
		const slow = await startTestServer(db, { awarenessIntervalMs: 10, presenceChangesPerSecond: 0.5, presenceBurst: 2 });
		const a = connect(slow.url, name, await as('groupCoordinator'));
		const b = connect(slow.url, name, await as('minuteTaker'));
		try {
			await Promise.all([a.synced(), b.synced()]);
			// Joining takes the first token.
			a.provider.awareness.setLocalStateField('user', { name: 'A' });
			await until(() => b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'a’s presence');
			const seen: unknown[] = [];
			b.provider.awareness.on('change', () => {
				const cursor = b.provider.awareness.getStates().get(a.doc.clientID)?.cursor;
				if (cursor !== undefined && cursor !== seen.at(-1)) seen.push(cursor);
			});
			const deferredBefore = (await collabMetrics().presenceDeferred.get()).values[0].value;
			for (let at = 1; at <= 10; at++) a.provider.awareness.setLocalStateField('cursor', at);
			await until(() => seen.at(-1) === 10, 10_000, 'the final caret');
			// The second token went to the first move; the moves in between were replaced, never queued.
			expect(seen).toEqual([1, 10]);
			expect((await collabMetrics().presenceDeferred.get()).values[0].value - deferredBefore).toBe(9);
			expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name).toBe('groupCoordinator');
		} finally {
			a.close();
			b.close();
			await slow.stop();
		}
	});

	it('a writer turned read-only loses its presence at once, and keeps following the text', async () => {
		const { name, groupId } = freshNotes();
		const watcher = await present(name, 'groupCoordinator');
		const taker = await present(name, 'minuteTaker');
		await Promise.all([watcher.synced(), taker.synced()]);
		await settle(taker, watcher);

		// No longer the group's minute-taker: still a member of the conference, who reads the notes.
		await removeGroupRole(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), bed.fixture.ids.office), {
			conferenceId: bed.fixture.conferenceA.id,
			groupId,
			personId: bed.fixture.ids.minuteTaker,
			role: 'minute_taker'
		});
		await until(() => !watcher.provider.awareness.getStates().has(taker.doc.clientID), 5000, 'the presence gone');
		expect([...bed.server.docs.presenceOf(name).states.keys()]).toEqual([watcher.doc.clientID]);
		// Its client says it is still there (the stock client does when told it left): dropped.
		taker.provider.awareness.setLocalStateField('cursor', 2);
		watcher.doc.getText(NOTES_TEXT).insert(0, 'Neu: ');
		await until(() => taker.text().startsWith('Neu: '), 5000, 'the text still arrives');
		await settle(watcher, taker);
		expect(watcher.provider.awareness.getStates().has(taker.doc.clientID)).toBe(false);
	});
});
