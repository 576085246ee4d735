// On PostgreSQL only: two document servers reading everything from one PostgreSQL database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, minutesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { BODY, STATE } from '../../../src/lib/minutes/document';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { sessions } from '../../../src/lib/server/db/schema';
import { connect, sessionCookie, sessionCookieOn, until } from '../support/collab';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { startInstance } from '../support/instances';
import { testRedis } from '../support/redis';
import { storedNotes } from '../support/groupNotes';

/**
 * Two document servers on one PostgreSQL database, with Redis between them, as two instances on
 * two machines would run. Everything they read is PostgreSQL's: documents, and sessions, rights and
 * what a new document starts with (the default extensions). The SQLite file each instance still
 * opens has no sessions and none of the groups or meetings these tests write: a read from it would
 * refuse the connection.
 */
const storage = tempDatabase();
const redis = testRedis();
let pg: TempData;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let a: Awaited<ReturnType<typeof startInstance>>;
let b: Awaited<ReturnType<typeof startInstance>>;
const cookies = {} as Record<'minuteTaker' | 'groupCoordinator', string>;
const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(client: T): T => (open.push(client), client);

beforeAll(async () => {
	fixture = await buildFixture(storage.db);
	cookies.minuteTaker = await sessionCookie(storage.db, fixture.ids.minuteTaker);
	cookies.groupCoordinator = await sessionCookie(storage.db, fixture.ids.groupCoordinator);
	pg = await copyToPostgres(storage.db);
	storage.db.delete(sessions).run();
	a = await startInstance(storage.file, redis, { data: pg.data, sync: { heartbeatMs: 100 } });
	b = await startInstance(storage.file, redis, { data: await pg.another(), sync: { heartbeatMs: 100 } });
}, 60_000);
afterEach(() => {
	for (const client of open.splice(0)) client.close();
});
afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	await pg?.cleanup();
	storage.cleanup();
});

let groups = 0;
/** A new working group in PostgreSQL only, with its minute-taker and its coordinator. */
async function freshGroup(): Promise<string> {
	const { workingGroups, groupMemberships } = pg.data.t;
	const [group] = await pg.data.q
		.insert(workingGroups)
		.values({ conferenceId: fixture.conferenceA.id, name: `AG PostgreSQL ${++groups}` })
		.returning();
	await pg.data.q.insert(groupMemberships).values([
		{ groupId: group.id, personId: fixture.ids.groupCoordinator, role: 'coordinator' },
		{ groupId: group.id, personId: fixture.ids.minuteTaker, role: 'minute_taker' }
	]);
	return group.id;
}
/** The notes of a new working group, written by its minute-taker and its coordinator. */
const freshNotes = async () => groupNotesDoc(await freshGroup());

type Instance = typeof a;
const client = (on: Instance, name: string, who: 'minuteTaker' | 'groupCoordinator' = 'minuteTaker') => track(connect(on.url, name, cookies[who]));
/** The document as PostgreSQL holds it. */
const storedInPostgres = (name: string) => storedNotes(pg.data, name);

/** Waits until PostgreSQL holds the document with this text. */
async function stored(name: string, text: string): Promise<void> {
	const start = Date.now();
	while ((await storedInPostgres(name)) !== text) {
		if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${name} to be stored`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('document servers on PostgreSQL', () => {
	it('two instances write one document: each sees the other’s text, and PostgreSQL holds both', async () => {
		const name = await freshNotes();
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onA.doc.getText(NOTES_TEXT).insert(0, 'Von A. ');
		await until(() => onB.text() === 'Von A. ', 5000, 'A’s text on B');
		onB.doc.getText(NOTES_TEXT).insert(onB.text().length, 'Von B.');
		await until(() => onA.text() === 'Von A. Von B.', 5000, 'B’s text on A');
		await b.docs.change(name, (doc) => doc.getText(NOTES_TEXT).insert(0, 'Server B: '));
		await until(() => onA.text() === 'Server B: Von A. Von B.', 5000, 'B’s server change on A');
		expect(await storedInPostgres(name)).toBe('Server B: Von A. Von B.');
		expect(await a.docs.readIfLive(name, (doc) => doc.getText(NOTES_TEXT).toString())).toEqual({ value: 'Server B: Von A. Von B.' });
		// Nothing of it went to the SQLite file: the log is PostgreSQL's.
		expect(storage.db.$client.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').get(name)).toEqual({ n: 0 });
	});

	it('loads on one instance a document the other stored', async () => {
		const name = await freshNotes();
		const onA = client(a, name);
		await onA.synced();
		onA.doc.getText(NOTES_TEXT).insert(0, 'Nur auf A geschrieben.');
		await stored(name, 'Nur auf A geschrieben.');
		expect(b.docs.holds(name)).toBe(false);
		const onB = client(b, name, 'groupCoordinator');
		await onB.synced();
		expect(onB.text()).toBe('Nur auf A geschrieben.');
		// And once A let it go (folded into a snapshot), from the snapshot.
		onA.close();
		onB.close();
		await until(() => !a.docs.holds(name) && !b.docs.holds(name), 5000, 'both let it go');
		expect(await docStoreOn(pg.data).logRows(name)).toBe(0);
		const again = client(b, name);
		await again.synced();
		expect(again.text()).toBe('Nur auf A geschrieben.');
	});

	it('a role removed in PostgreSQL takes the right to write from the connection on the other instance', async () => {
		const groupId = await freshGroup();
		const name = groupNotesDoc(groupId);
		const onA = client(a, name);
		const onB = client(b, name, 'groupCoordinator');
		await Promise.all([onA.synced(), onB.synced()]);
		onB.provider.awareness.setLocalStateField('cursor', 1);
		await until(() => onA.provider.awareness.getStates().has(onB.doc.clientID), 5000, 'B’s presence on A');
		const { groupMemberships } = pg.data.t;
		await pg.data.q.delete(groupMemberships).where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.personId, fixture.ids.groupCoordinator)));
		await a.docs.recheck({ personId: fixture.ids.groupCoordinator });
		// Still a member of the conference, so a reader now: readers own no presence, and what they type reaches nobody.
		await until(() => !onA.provider.awareness.getStates().has(onB.doc.clientID), 5000, 'B’s presence gone on A');
		onB.doc.getText(NOTES_TEXT).insert(0, 'Nicht mehr erlaubt.');
		onA.doc.getText(NOTES_TEXT).insert(0, 'Erlaubt.');
		await stored(name, 'Erlaubt.');
		expect(onA.text()).toBe('Erlaubt.');
	});

	it('a session ended in PostgreSQL closes its connection on the other instance', async () => {
		const name = await freshNotes();
		const cookie = sessionCookieOn(pg.data, fixture.ids.groupCoordinator);
		const onB = track(connect(b.url, name, await cookie));
		await onB.synced();
		let closedWith: number | null = null;
		onB.provider.ws!.addEventListener('close', (event: { code: number }) => (closedWith = event.code));
		await pg.data.q.delete(pg.data.t.sessions).where(eq(pg.data.t.sessions.personId, fixture.ids.groupCoordinator));
		await a.docs.recheck({ personId: fixture.ids.groupCoordinator });
		await until(() => closedWith !== null, 5000, 'the connection on B closed');
		expect(closedWith).toBe(CLOSE.signedOut);
		// Every other test's cookie of that person went with it.
		cookies.groupCoordinator = await sessionCookieOn(pg.data, fixture.ids.groupCoordinator);
	});

	it('new minutes start with the sections of their meeting’s agenda, read from PostgreSQL', async () => {
		const groupId = await freshGroup();
		const { groupMeetings } = pg.data.t;
		const [meeting] = await pg.data.q
			.insert(groupMeetings)
			.values({
				groupId,
				title: 'Sitzung nur in PostgreSQL',
				startsAt: new Date(),
				durationMinutes: 90,
				place: 'Kreishaus, Raum 2',
				agenda: ['Begrüßung', 'Wege in die Praxis'],
				minuteTakerPersonId: fixture.ids.minuteTaker
			})
			.returning();
		const name = minutesDoc(meeting.id);
		const onA = client(a, name);
		await onA.synced();
		const body = onA.doc.getXmlFragment(BODY).toString();
		expect(body).toContain('1. Begrüßung');
		expect(body).toContain('2. Wege in die Praxis');
		expect(onA.doc.getMap(STATE).get('status')).toBe('draft');
		// Stored as the document's first row, so the other instance opens the same sections.
		const onB = client(b, name, 'groupCoordinator');
		await onB.synced();
		expect(onB.doc.getXmlFragment(BODY).toString()).toBe(body);
	});
});
