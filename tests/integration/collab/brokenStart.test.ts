import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, plenaryDoc } from '../../../src/lib/collab/docNames';
import { readPoll } from '../../../src/lib/plenary/poll';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { polls } from '../../../src/lib/server/db/schema';
import { loadActorOn } from '../../../src/lib/server/policies';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { minutesDoc } from '../../../src/lib/collab/docNames';
import { BODY } from '../../../src/lib/minutes/document';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';
import { connect, sessionCookie } from '../support/collab';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { sessionWithOpenPoll } from '../support/polls';
import { poisonUpdates } from '../support/poison';
import { sqliteData } from '../../../src/lib/server/db/client';

/**
 * The second attack on issue 13, finding 1b: the moderator poisoned plenary:<id> while its session
 * had an open poll; at the next start `reprojectPolls` opened that document before the server
 * listened, and the process exited, at every start. Here the database is left as a server from
 * before the fix left it (the poisoned rows in the log of a session with an open poll, and of a
 * group's notes), and the production server starts on it: it starts, re-projects the other polls,
 * says in one line which document is broken, and its pages answer with that part explained. And
 * finding 1c: minutes nested 20,000 deep (stored, not deleted) made the meeting page answer 500.
 */
const storage = tempDatabase();
const db = storage.db;
let server: BuiltServer | undefined;
afterAll(async () => {
	await server?.stop();
	storage.cleanup();
});

describe('a poisoned document at start-up', () => {
	it('does not stop the start: the other polls are re-projected, and the pages answer with the part explained', async () => {
		const fixture = await buildFixture(db);
		const poisoned = await sessionWithOpenPoll(db, fixture, 'Plenum, vergiftet');
		const healthy = await sessionWithOpenPoll(db, fixture, 'Plenum, gesund');
		const { nested, deleteOuter } = poisonUpdates('agenda');
		const store = createDocStore(db);
		store.append(new Map([[plenaryDoc(poisoned.sessionId), [nested, deleteOuter]]]));
		store.append(new Map([[groupNotesDoc(fixture.group.id), [nested, deleteOuter]]]));
		// Minutes nested 20,000 deep: they load, and the meeting page renders them.
		const meeting = await createGroupMeeting(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.groupCoordinator), {
			conferenceId: fixture.conferenceA.id,
			groupId: fixture.group.id,
			title: 'Tief verschachtelt',
			startsAt: new Date('2026-12-10T13:00:00Z'),
			durationMinutes: 60,
			place: 'Raum 1',
			videoUrl: null,
			agenda: [],
			moderatorPersonId: fixture.ids.groupModerator,
			minuteTakerPersonId: fixture.ids.minuteTaker
		});
		const deep = new Y.Doc();
		deep.transact(() => {
			let current: Y.XmlFragment | Y.XmlElement = deep.getXmlFragment(BODY);
			for (let i = 0; i < 20_000; i++) {
				const quote = new Y.XmlElement('blockquote');
				current.insert(0, [quote]);
				current = quote;
			}
			current.insert(0, [new Y.XmlText('Ganz unten')]);
		});
		store.append(new Map([[minutesDoc(meeting.id), [Y.encodeStateAsUpdate(deep)]]]));
		// A change the healthy session's screens have not been shown: the start-up projects it.
		db.update(polls).set({ motion: 'Geänderter Antrag' }).where(eq(polls.id, healthy.pollId)).run();

		server = await startBuiltServer({ databaseFile: storage.file, env: { SEED_DEMO: 'false' } });
		expect(server.output().match(/Document plenary:\w+ is broken/g)).toEqual([`Document ${plenaryDoc(poisoned.sessionId)} is broken`]);
		const cookie = await sessionCookie(db, fixture.ids.office);
		const page = (path: string) => fetch(`${server!.origin}${path}`, { headers: { cookie } });

		// The start went on: the healthy session's screens show the poll as SQLite has it.
		const url = `ws://127.0.0.1:${server.port}/collab`;
		const screen = connect(url, plenaryDoc(healthy.sessionId), cookie, { origin: server.origin });
		await screen.synced();
		expect(readPoll(screen.doc)?.motion).toBe('Geänderter Antrag');
		screen.close();

		// The poisoned session's page answers, and says why its agenda is missing.
		const plenary = await page(`/conferences/${fixture.conferenceA.id}/plenary/${poisoned.sessionId}`);
		expect(plenary.status).toBe(200);
		expect(await plenary.text()).toContain('Dieses Dokument lässt sich gerade nicht öffnen');
		// So does the group page with its poisoned notes, and the document server closes them for good.
		const group = await page(`/conferences/${fixture.conferenceA.id}/groups/${fixture.group.id}`);
		expect(group.status).toBe(200);
		expect(await group.text()).toContain('Dieses Dokument lässt sich gerade nicht öffnen');
		const notes = connect(url, groupNotesDoc(fixture.group.id), cookie, { origin: server.origin });
		const code = await new Promise<number>((resolve) =>
			notes.provider.on('connection-close', (event: { code: number } | null) => event && resolve(event.code))
		);
		notes.close();
		expect(code).toBe(CLOSE.documentBroken);

		const minutes = await page(`/conferences/${fixture.conferenceA.id}/groups/${fixture.group.id}/meetings/${meeting.id}`);
		expect(minutes.status).toBe(200);
		expect(await minutes.text()).toContain('Ganz unten');

		// One line per broken document, and the process is still there.
		expect(server.output().match(/is broken/g)).toHaveLength(2);
		expect(server.child.exitCode).toBeNull();
		expect((await page(`/conferences/${fixture.conferenceA.id}/plenary/${healthy.sessionId}`)).status).toBe(200);
	}, 120_000);
});
