import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq, and } from 'drizzle-orm';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, NOTES_TEXT, parseDocName } from '../../../src/lib/collab/docNames';
import { hashToken, invalidateSession } from '../../../src/lib/server/auth/sessions';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { groupMemberships, workingGroups } from '../../../src/lib/server/db/schema';
import { connect, sessionCookie, until } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { startInstance } from '../support/instances';
import { testRedis } from '../support/redis';

/**
 * Issue 19, item 4: two document servers, each with its own connection to one SQLite file and its
 * own Redis connections, as two instances behind a load balancer; stock y-websocket clients on
 * each. Everything that crosses goes through Redis (the instances are not registered with the
 * process's bridge).
 */
const storage = tempDatabase();
const redis = testRedis();
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let a: Awaited<ReturnType<typeof startInstance>>;
let b: Awaited<ReturnType<typeof startInstance>>;
const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(client: T): T => (open.push(client), client);

beforeAll(async () => {
	fixture = await buildFixture(storage.db);
	a = await startInstance(storage.file, redis, { sync: { heartbeatMs: 100 } });
	b = await startInstance(storage.file, redis, { sync: { heartbeatMs: 100 } });
});
afterEach(() => {
	for (const client of open.splice(0)) client.close();
});
afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	storage.cleanup();
});

/** The session id behind a session cookie (the id is the token's hash, as sign-in stores it). */
const sessionIdOf = (cookie: string) => hashToken(cookie.split('=')[1]);
const as = (who: keyof typeof fixture.ids) => sessionCookie(storage.db, fixture.ids[who]);
let groups = 0;

/** The notes of a new working group: its coordinator and minute-taker write them. */
function freshNotes(): string {
	const group = storage.db
		.insert(workingGroups)
		.values({ conferenceId: fixture.conferenceA.id, name: `AG quer ${++groups}` })
		.returning()
		.get();
	storage.db
		.insert(groupMemberships)
		.values([
			{ groupId: group.id, personId: fixture.ids.groupCoordinator, role: 'coordinator' },
			{ groupId: group.id, personId: fixture.ids.minuteTaker, role: 'minute_taker' }
		])
		.run();
	return groupNotesDoc(group.id);
}

type Instance = typeof a;
const client = (on: Instance, name: string, who: keyof typeof fixture.ids = 'minuteTaker') => track(connect(on.url, name, as(who)));
const stored = (name: string) => createDocStore(storage.db).read(name).getText(NOTES_TEXT).toString();

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

describe('documents across instances', () => {
	it('text typed on one instance appears on the other, and back', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Von A.');
		await until(() => onB.text() === 'Von A.', 5000, 'A’s text on B');
		onB.doc.getText(NOTES_TEXT).insert(6, ' Von B.');
		await until(() => onA.text() === 'Von A. Von B.', 5000, 'B’s text on A');
		// Stored once each, by the instance it came in on.
		expect(stored(name)).toBe('Von A. Von B.');
		expect(createDocStore(storage.db).logRows(name)).toBe(2);
	});

	it('a server change on one instance reaches the clients of the other', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		await onA.synced();
		await b.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Beschlossen.'));
		await until(() => onA.text() === 'Beschlossen.', 5000, 'the change on A');
	});

	it('presence crosses, under the person’s own name, and goes when the client leaves', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.provider.awareness.setLocalStateField('user', { name: 'Falscher Name' });
		const seen = () => onB.provider.awareness.getStates().get(onA.doc.clientID) as { user?: { name?: string } } | undefined;
		await until(() => seen()?.user?.name !== undefined, 5000, 'A’s presence on B');
		expect(seen()!.user!.name).not.toBe('Falscher Name');
		onA.close();
		await until(() => seen() === undefined, 5000, 'A’s presence gone on B');
	});

	it('a presence set on another instance is not a local connection’s to take', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.provider.awareness.setLocalStateField('cursor', 1);
		await until(() => b.docs.presenceOf(name).states.has(onA.doc.clientID), 5000, 'A’s presence on B');
		// B's gate knows the id is held elsewhere: the same person could not claim it on B either.
		const gate = (b.docs as unknown as { documents: { get(n: string): { presence: { elsewhere: Set<number> } } } }).documents.get(name).presence;
		expect(gate.elsewhere.has(onA.doc.clientID)).toBe(true);
	});

	it('a session ended on one instance closes its connection on the other', async () => {
		const name = freshNotes();
		const cookie = as('groupCoordinator');
		const onB = track(connect(b.url, name, cookie));
		await onB.synced();
		let closedWith: number | null = null;
		onB.provider.ws!.addEventListener('close', (event: { code: number }) => (closedWith = event.code));
		// Signed out on A: A's bridge calls `recheck` (its own connections), and every instance follows.
		invalidateSession(storage.db, sessionIdOf(cookie));
		a.docs.recheck({ personId: fixture.ids.groupCoordinator });
		await until(() => closedWith !== null, 5000, 'the connection on B closed');
		expect(closedWith).toBe(CLOSE.signedOut);
	});

	it('a role removed on one instance makes the connection on the other a reader, whose presence goes', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onB.provider.awareness.setLocalStateField('cursor', 1);
		await until(() => onA.provider.awareness.getStates().has(onB.doc.clientID), 5000, 'B’s presence on A');
		const groupId = parseDocName(name)!.id;
		storage.db
			.delete(groupMemberships)
			.where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.personId, fixture.ids.groupCoordinator)))
			.run();
		a.docs.recheck({ personId: fixture.ids.groupCoordinator });
		// Still a member of the conference, so a reader now: readers own no presence.
		await until(() => !onA.provider.awareness.getStates().has(onB.doc.clientID), 5000, 'B’s presence gone on A');
		expect(b.docs.connectionCount(name)).toBe(1);
	});

	it('a message that never arrived is caught up from the store at the next one', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Mitte');
		await until(() => onB.text() === 'Mitte', 5000, 'the start on B');
		const lost = dropPublishes(a, 1);
		onA.doc.getText(NOTES_TEXT).insert(5, ' hinten');
		await until(() => lost.done() && stored(name) === 'Mitte hinten', 5000, 'the lost update stored');
		// An update that does not build on the lost one: only the skipped number tells B it missed something.
		await a.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Vorne '));
		await until(() => onB.text() === 'Vorne Mitte hinten', 5000, 'B whole again');
	});

	it('compaction on one instance keeps the rows of another it had not applied', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'A.');
		await until(() => onB.text() === 'A.', 5000, 'A’s text on B');
		const lost = dropPublishes(b, 1);
		onB.doc.getText(NOTES_TEXT).insert(2, ' B.');
		await until(() => lost.done() && stored(name) === 'A. B.', 5000, 'B’s row stored, never sent to A');
		// A's last client leaves: A folds the log into a snapshot as it unloads the document.
		onA.close();
		await until(() => !a.docs.holds(name), 5000, 'A unloaded');
		// Folded into a snapshot that holds B's row too (before, A folded everything it did not have).
		const snapshot = createDocStore(storage.db).storedState(name);
		expect(snapshot).not.toBeNull();
		expect(createDocStore(storage.db).logRows(name)).toBe(0);
		expect(stored(name)).toBe('A. B.');
		// And A relayed B's row to its client before it left? It had none left; B's client has it all along.
		expect(onB.text()).toBe('A. B.');
	});

	it('two server changes of one document on two instances run one after the other', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		// Read, then write what was read: "the next number", like "the next speaker".
		const next = (doc: import('yjs').Doc) => {
			const text = doc.getText(NOTES_TEXT);
			const lines = text.toString().split('\n').filter(Boolean);
			text.insert(text.length, `${lines.length}\n`);
		};
		await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).docs.change(name, next)));
		const lines = stored(name).split('\n').filter(Boolean);
		expect(lines).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
		await until(() => onA.text() === onB.text() && onB.text() === stored(name), 5000, 'both clients agree');
	});

	it('Redis gone and back: what was missed meanwhile is caught up', async () => {
		const name = freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Vorher.');
		await until(() => onB.text() === 'Vorher.', 5000, 'the start on B');
		const subscriber = b.sync.redis.subscriber;
		subscriber.disconnect(false);
		await until(() => subscriber.status === 'end', 5000, 'B’s subscriber gone');
		onA.doc.getText(NOTES_TEXT).insert(7, ' Währenddessen.');
		await until(() => stored(name) === 'Vorher. Währenddessen.', 5000, 'stored while B was away');
		await subscriber.connect();
		await until(() => onB.text() === 'Vorher. Währenddessen.', 5000, 'B caught up');
		// And it hears again.
		onA.doc.getText(NOTES_TEXT).insert(0, '» ');
		await until(() => onB.text() === '» Vorher. Währenddessen.', 5000, 'B hears again');
	});

	it('an instance that vanishes takes its clients’ presence with it', async () => {
		const name = freshNotes();
		const c = await startInstance(storage.file, redis, { sync: { heartbeatMs: 100 } });
		try {
			const onC = track(connect(c.url, name, as('minuteTaker')));
			const onB = client(b, name, 'groupCoordinator');
			await Promise.all([onC.synced(), onB.synced()]);
			onC.provider.awareness.setLocalStateField('cursor', 1);
			await until(() => b.docs.presenceOf(name).states.has(onC.doc.clientID), 5000, 'C’s presence on B');
			// A crash: no goodbye, no heartbeats; its sockets stay open as far as B knows.
			c.sync.redis.commands.disconnect(false);
			c.sync.redis.subscriber.disconnect(false);
			await until(() => !b.docs.presenceOf(name).states.has(onC.doc.clientID), 5000, 'C’s presence gone on B');
			await until(() => !onB.provider.awareness.getStates().has(onC.doc.clientID), 5000, 'and on B’s client');
		} finally {
			await c.stop();
		}
	});
});
