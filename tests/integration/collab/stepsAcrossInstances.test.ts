// On PostgreSQL only: a pool of one connection is PostgreSQL's; SQLite has one connection and no pool to wait for.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { minutesDoc } from '../../../src/lib/collab/docNames';
import { BODY } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { registerDocServer, unregisterDocServer } from '../../../src/lib/server/collab/bridge';
import { circulateMinutes } from '../../../src/lib/server/commands/circulateMinutes';
import { openPostgresData, type Data } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import { connect, sessionCookieOn, until } from '../support/collab';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { startInstance } from '../support/instances';
import { testRedis } from '../support/redis';
import { planGroupMeeting } from '../support/meetings';

/**
 * A minutes step on an instance that shares its documents with others (Redis), on PostgreSQL, with
 * one connection in its pool: the step's check at the commit (`withDocumentAsRead`) must not need
 * a second connection while its transaction holds the first. With as many steps at once as the
 * pool has connections, one that did would wait for ever (here: until the pool's timeout).
 */
const storage = tempDatabase();
const redis = testRedis();
let pg: TempData;
let single: Data;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let instance: Awaited<ReturnType<typeof startInstance>>;
const open: { close(): void }[] = [];

beforeAll(async () => {
	fixture = await buildFixture(storage.db);
	pg = await copyToPostgres(storage.db);
	single = await openPostgresData(pg.url!, { max: 1 });
	instance = await startInstance(storage.file, redis, { data: single, sync: { heartbeatMs: 100 } });
	// The app's commands reach this instance as they reach the production server.
	registerDocServer(instance.docs);
}, 60_000);
afterAll(async () => {
	for (const client of open) client.close();
	unregisterDocServer(instance?.docs);
	await instance?.stop();
	await single?.close();
	await pg?.cleanup();
	storage.cleanup();
});

describe('a minutes step on an instance sharing its documents, with one connection in its pool', () => {
	it('circulates the minutes as the editor left them, the check at the commit on the transaction’s own connection', async () => {
		const meeting = await planGroupMeeting(single, fixture);
		const name = minutesDoc(meeting.id);
		const taker = connect(instance.url, name, await sessionCookieOn(single, fixture.ids.minuteTaker));
		open.push(taker);
		await taker.synced();
		await until(() => taker.doc.getXmlFragment(BODY).length >= 2, 5000, 'the sections');
		const paragraph = (taker.doc.getXmlFragment(BODY).get(1) as Y.XmlElement).get(0) as Y.XmlText;
		paragraph.insert(0, 'Die AG hat beraten.');
		await until(async () => (await instance.docs.readIfLive(name, bodyHtml))?.value.includes('beraten') ?? false, 5000, 'the edit held');

		const version = await circulateMinutes(single, await loadActorOn(single, fixture.ids.minuteTaker), {
			conferenceId: fixture.conferenceA.id,
			groupId: fixture.group.id,
			meetingId: meeting.id,
			notify: false
		});
		const { minutesVersions } = pg.data.t;
		const [stored] = await pg.data.q.select().from(minutesVersions).where(eq(minutesVersions.id, version.id));
		expect(stored).toMatchObject({ status: 'circulated' });
		expect(stored.html).toContain('Die AG hat beraten.');
	});
});
