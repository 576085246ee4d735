import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groupNotesDoc, NOTES_TEXT } from '../../../src/lib/collab/docNames';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { groupMemberships, workingGroups } from '../../../src/lib/server/db/schema';
import { connect, sessionCookie, until } from '../support/collab';
import { tempData, type TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { startInstance } from '../support/instances';
import { testRedis } from '../support/redis';

/**
 * Two document servers storing documents in one PostgreSQL database, with Redis between them, as
 * two instances on two machines would. Sessions and rights are still read from the SQLite file
 * (the default extensions take `db`); every document is loaded from and stored in PostgreSQL.
 */
const storage = tempDatabase();
const redis = testRedis();
let pg: TempData;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let a: Awaited<ReturnType<typeof startInstance>>;
let b: Awaited<ReturnType<typeof startInstance>>;
const open: { close(): void }[] = [];
const track = <T extends { close(): void }>(client: T): T => (open.push(client), client);

beforeAll(async () => {
	fixture = await buildFixture(storage.db);
	pg = await tempData('postgres');
	a = await startInstance(storage.file, redis, { data: pg.data, sync: { heartbeatMs: 100 } });
	b = await startInstance(storage.file, redis, { data: await pg.another(), sync: { heartbeatMs: 100 } });
});
afterEach(() => {
	for (const client of open.splice(0)) client.close();
});
afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	await pg?.cleanup();
	storage.cleanup();
});

let groups = 0;
/** The notes of a new working group, written by its minute-taker and its coordinator. */
function freshNotes(): string {
	const group = storage.db
		.insert(workingGroups)
		.values({ conferenceId: fixture.conferenceA.id, name: `AG PostgreSQL ${++groups}` })
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
const client = (on: Instance, name: string, who: 'minuteTaker' | 'groupCoordinator' = 'minuteTaker') =>
	track(connect(on.url, name, sessionCookie(storage.db, fixture.ids[who])));
/** The document as PostgreSQL holds it. */
const storedInPostgres = async (name: string) => {
	const doc = await docStoreOn(pg.data).read(name);
	try {
		return doc.getText(NOTES_TEXT).toString();
	} finally {
		doc.destroy();
	}
};

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
		const name = freshNotes();
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
		const name = freshNotes();
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
});
