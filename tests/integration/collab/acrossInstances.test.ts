import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, and } from 'drizzle-orm';
import * as Y from 'yjs';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { NOTES_TEXT, parseDocName } from '../../../src/lib/collab/docNames';
import { hashToken, invalidateSessionOn } from '../../../src/lib/server/auth/sessions';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { connect, until } from '../support/collab';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import type { ActorName } from '../support/fixture';
import { freshGroupNotes, storedNotes } from '../support/groupNotes';
import { startInstance } from '../support/instances';
import { testRedis } from '../support/redis';
import { Redis } from 'ioredis';
import { encodePeerMessage } from '../../../server/collab/extensions/peerMessages';
import { register } from '../../../server/collab/metrics';

/**
 * Issue 19, item 4: two document servers, each with its own handle on one database (its own
 * connection to the SQLite file, or its own pool on the PostgreSQL database) and its own Redis
 * connections, as two instances behind a load balancer; stock y-websocket clients on each.
 * Everything that crosses goes through Redis (the instances are not registered with the process's
 * bridge).
 */

/** The session id behind a session cookie (the id is the token's hash, as sign-in stores it). */
const sessionIdOf = (cookie: string) => hashToken(cookie.split('=')[1]);

/** A counter of /metrics, summed over its labels (both instances count into the process's registry). */
async function counted(metric: string): Promise<number> {
	const found = await register.getSingleMetric(metric)?.get();
	return found?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

/** `until` for a check that is asynchronous (reading /metrics is). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

type Instance = Awaited<ReturnType<typeof startInstance>>;

/** Swallows the next `count` messages `instance` publishes on a document's channel, as a lossy network would. */
function dropPublishes(instance: Instance, count: number) {
	const commands = instance.sync.redis.commands;
	const publish = commands.publish.bind(commands);
	let left = count;
	commands.publish = ((channel: string, message: Buffer) => {
		if (left > 0 && channel.includes(':collab:doc:')) {
			left--;
			if (left === 0) commands.publish = publish;
			return Promise.resolve(0);
		}
		return publish(channel, message);
	}) as typeof commands.publish;
	return { done: () => left === 0 };
}

describe.each(DIALECTS)('documents across instances, on %s', (dialect) => {
	// The servers are the instances below, each on a handle of its own (`bed.another()`).
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	const redis = testRedis();
	let a: Instance;
	let b: Instance;
	const instance = async () => startInstance(null, redis, { data: await bed.another(), sync: { heartbeatMs: 100 } });

	beforeAll(async () => {
		a = await instance();
		b = await instance();
	}, 60_000);
	afterAll(async () => {
		await Promise.all([a?.stop(), b?.stop()]);
	});

	let groups = 0;
	const freshNotes = () => freshGroupNotes(bed.data, bed.fixture, `AG quer ${++groups}`);

	type Who = Exclude<ActorName, 'anonymous'>;
	const client = async (on: Instance, name: string, who: Who = 'minuteTaker') => bed.track(connect(on.url, name, await bed.cookie(who)));
	const stored = (name: string) => storedNotes(bed.data, name);

	it('text typed on one instance appears on the other, and back', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		const receivedBefore = await counted('collab_peer_received_total');
		onA.doc.getText(NOTES_TEXT).insert(0, 'Von A.');
		await until(() => onB.text() === 'Von A.', 5000, 'A’s text on B');
		onB.doc.getText(NOTES_TEXT).insert(6, ' Von B.');
		await until(() => onA.text() === 'Von A. Von B.', 5000, 'B’s text on A');
		// Stored once each, by the instance it came in on.
		expect(await stored(name)).toBe('Von A. Von B.');
		expect(await docStoreOn(bed.data).logRows(name)).toBe(2);
		expect(await counted('collab_peer_received_total')).toBeGreaterThan(receivedBefore);
	});

	it('a server change on one instance reaches the clients of the other', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		await onA.synced();
		await b.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Beschlossen.'));
		await until(() => onA.text() === 'Beschlossen.', 5000, 'the change on A');
	});

	it('presence crosses, under the person’s own name, and goes when the client leaves', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.provider.awareness.setLocalStateField('user', { name: 'Falscher Name' });
		const seen = () => onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name?: string } } | undefined;
		await until(() => seen()?.user?.name !== undefined, 5000, 'A’s presence on B');
		expect(seen()!.user!.name).not.toBe('Falscher Name');
		onA.close();
		await until(() => seen() === undefined, 5000, 'A’s presence gone on B');
	});

	it('a presence set on another instance is not a local connection’s to take', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.provider.awareness.setLocalStateField('cursor', 1);
		await until(() => b.docs.presenceOf(name).states.has(onA.doc.clientID), 5000, 'A’s presence on B');
		// B's gate knows the id is held elsewhere: the same person could not claim it on B either.
		const gate = (b.docs as unknown as { documents: { get(n: string): { presence: { elsewhere: Set<number> } } } }).documents.get(name).presence;
		expect(gate.elsewhere.has(onA.doc.clientID)).toBe(true);
	});

	it('a session ended on one instance closes its connection on the other', async () => {
		const name = await freshNotes();
		const cookie = await bed.cookie('groupCoordinator');
		const onB = bed.track(connect(b.url, name, cookie));
		await onB.synced();
		let closedWith: number | null = null;
		onB.provider.ws!.addEventListener('close', (event: { code: number }) => (closedWith = event.code));
		// Signed out on A: A's bridge calls `recheck` (its own connections), and every instance follows.
		await invalidateSessionOn(bed.data, sessionIdOf(cookie));
		await a.docs.recheck({ personId: bed.fixture.ids.groupCoordinator });
		await until(() => closedWith !== null, 5000, 'the connection on B closed');
		expect(closedWith).toBe(CLOSE.signedOut);
	});

	it('a role removed on one instance makes the connection on the other a reader, whose presence goes', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onB.provider.awareness.setLocalStateField('cursor', 1);
		await until(() => onA.provider.awareness.getStates().has(onB.doc.clientID), 5000, 'B’s presence on A');
		const groupId = parseDocName(name)!.id;
		const { groupMemberships } = bed.data.t;
		await bed.data.q
			.delete(groupMemberships)
			.where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.personId, bed.fixture.ids.groupCoordinator)));
		await a.docs.recheck({ personId: bed.fixture.ids.groupCoordinator });
		// Still a member of the conference, so a reader now: readers own no presence.
		await until(() => !onA.provider.awareness.getStates().has(onB.doc.clientID), 5000, 'B’s presence gone on A');
		expect(b.docs.connectionCount(name)).toBe(1);
	});

	it('a message that never arrived is caught up from the store at the next one', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Mitte');
		await until(() => onB.text() === 'Mitte', 5000, 'the start on B');
		const lost = dropPublishes(a, 1);
		onA.doc.getText(NOTES_TEXT).insert(5, ' hinten');
		await until(async () => lost.done() && (await stored(name)) === 'Mitte hinten', 5000, 'the lost update stored');
		// An update that does not build on the lost one: only the skipped number tells B it missed something.
		await a.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Vorne '));
		await until(() => onB.text() === 'Vorne Mitte hinten', 5000, 'B whole again');
	});

	it('readIfLive answers what is stored: caught up where the document is held, null where it is not', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		const lost = dropPublishes(a, 1);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Nur in A gesendet.');
		await until(async () => lost.done() && (await stored(name)) === 'Nur in A gesendet.', 5000, 'stored, never sent to B');
		expect(await b.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString())).toEqual({ value: 'Nur in A gesendet.' });
		// And B's client got what B caught up.
		await until(() => onB.text() === 'Nur in A gesendet.', 5000, 'relayed to B’s client');
		// A read of the commands catches up too.
		const lostAgain = dropPublishes(a, 1);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Noch einmal. ');
		await until(async () => lostAgain.done() && (await stored(name)) === 'Noch einmal. Nur in A gesendet.', 5000, 'stored, never sent to B');
		expect(await b.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString())).toEqual({ value: 'Noch einmal. Nur in A gesendet.' });
		expect(await b.docs.readIfLive(await freshNotes(), () => 'held')).toBeNull();
	});

	it('compaction on one instance keeps the rows of another it had not applied', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'A.');
		await until(() => onB.text() === 'A.', 5000, 'A’s text on B');
		const lost = dropPublishes(b, 1);
		onB.doc.getText(NOTES_TEXT).insert(2, ' B.');
		await until(async () => lost.done() && (await stored(name)) === 'A. B.', 5000, 'B’s row stored, never sent to A');
		// A's last client leaves: A folds the log into a snapshot as it unloads the document.
		onA.close();
		await until(() => !a.docs.holds(name), 5000, 'A unloaded');
		// Folded into a snapshot that holds B's row too (before, A folded everything it did not have).
		const snapshot = await docStoreOn(bed.data).storedState(name);
		expect(snapshot).not.toBeNull();
		expect(await docStoreOn(bed.data).logRows(name)).toBe(0);
		expect(await stored(name)).toBe('A. B.');
		// And A relayed B's row to its client before it left? It had none left; B's client has it all along.
		expect(onB.text()).toBe('A. B.');
	});

	it('a snapshot folded further by one instance is never replaced by a shorter one of another', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		await onA.synced();
		onA.doc.getText(NOTES_TEXT).insert(0, 'Eins.');
		await until(async () => (await stored(name)) === 'Eins.', 5000, 'the first row');
		// B's copy as it was then, and the row it held through.
		const storeB = docStoreOn(b.data);
		const old = await storeB.read(name);
		const { through } = await storeB.load(name, new Y.Doc());
		onA.doc.getText(NOTES_TEXT).insert(5, ' Zwei.');
		await until(async () => (await stored(name)) === 'Eins. Zwei.', 5000, 'the second row');
		const storeA = docStoreOn(a.data);
		expect(await storeA.compact(name, await storeA.read(name))).not.toBeNull();
		// B, late, folds what it has: left alone, the second row (gone from the log) would be lost.
		expect(await storeB.compact(name, old, through)).toBeNull();
		expect(await stored(name)).toBe('Eins. Zwei.');
		old.destroy();
	});

	it('two server changes of one document on two instances run one after the other', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		// Read, then write what was read: "the next number", like "the next speaker".
		const next = (doc: Y.Doc) => {
			const text = doc.getText(NOTES_TEXT);
			const lines = text.toString().split('\n').filter(Boolean);
			text.insert(text.length, `${lines.length}\n`);
		};
		const locksBefore = await counted('collab_change_locks_total');
		await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).docs.change(name, next)));
		expect(await counted('collab_change_locks_total')).toBe(locksBefore + 10);
		const lines = (await stored(name)).split('\n').filter(Boolean);
		expect(lines).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
		await until(async () => onA.text() === onB.text() && onB.text() === (await stored(name)), 5000, 'both clients agree');
	});

	it('Redis gone and back: what was missed meanwhile is caught up', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Vorher.');
		await until(() => onB.text() === 'Vorher.', 5000, 'the start on B');
		const subscriber = b.sync.redis.subscriber;
		subscriber.disconnect(false);
		await until(() => subscriber.status === 'end', 5000, 'B’s subscriber gone');
		onA.doc.getText(NOTES_TEXT).insert(7, ' Währenddessen.');
		await until(async () => (await stored(name)) === 'Vorher. Währenddessen.', 5000, 'stored while B was away');
		await subscriber.connect();
		await until(() => onB.text() === 'Vorher. Währenddessen.', 5000, 'B caught up');
		// And it hears again.
		onA.doc.getText(NOTES_TEXT).insert(0, '» ');
		await until(() => onB.text() === '» Vorher. Währenddessen.', 5000, 'B hears again');
	});

	it('malformed messages on the channels are dropped and counted; the instances go on', async () => {
		const name = await freshNotes();
		const onA = await client(a, name);
		const onB = await client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		const malformedBefore = await counted('collab_peer_malformed_total');
		const stranger = new Redis(redis.url);
		try {
			await stranger.publish(`${redis.prefix}collab:doc:${name}`, Buffer.from([0, 3, 120, 121]));
			await stranger.publish(`${redis.prefix}collab:control`, Buffer.from([9, 9, 9]));
			// Cut short: an update message that ends in the middle of its update.
			const update = encodePeerMessage({ kind: 'update', from: 'x', number: 1, seq: 1, updates: [new Uint8Array(40)] });
			await stranger.publish(`${redis.prefix}collab:doc:${name}`, update.subarray(0, 20));
		} finally {
			stranger.disconnect();
		}
		// Each of the three on both instances.
		await eventually(async () => (await counted('collab_peer_malformed_total')) === malformedBefore + 6, 'counted on both');
		onA.doc.getText(NOTES_TEXT).insert(0, 'Weiter.');
		await until(() => onB.text() === 'Weiter.', 5000, 'text still crosses');
	});

	it('an instance that falls silent takes its clients’ presence with it, and brings it back when heard again', async () => {
		const name = await freshNotes();
		const c = await instance();
		try {
			const onC = bed.track(connect(c.url, name, await bed.cookie('minuteTaker')));
			const onB = await client(b, name, 'groupCoordinator');
			await Promise.all([onC.synced(), onB.synced()]);
			onC.provider.awareness.setLocalStateField('cursor', 1);
			await until(() => b.docs.presenceOf(name).states.has(onC.doc.clientID), 5000, 'C’s presence on B');
			// A crash: no goodbye, no heartbeats; its sockets stay open as far as B knows.
			c.sync.redis.commands.disconnect(false);
			c.sync.redis.subscriber.disconnect(false);
			await until(() => !b.docs.presenceOf(name).states.has(onC.doc.clientID), 5000, 'C’s presence gone on B');
			await until(() => !onB.provider.awareness.getStates().has(onC.doc.clientID), 5000, 'and on B’s client');
			// It was only cut off: heard again, its clients' presence is back with their next renewal
			// (the stock client renews every 15 s; screens reject a state at the clock they removed).
			await Promise.all([c.sync.redis.commands.connect(), c.sync.redis.subscriber.connect()]);
			onC.provider.awareness.setLocalStateField('cursor', 2);
			await until(() => onB.provider.awareness.getStates().has(onC.doc.clientID), 5000, 'C’s presence back on B’s client');
		} finally {
			await c.stop();
		}
	});
});
