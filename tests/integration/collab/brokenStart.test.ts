import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../../src/lib/collab/closeCodes';
import { groupNotesDoc, plenaryDoc } from '../../../src/lib/collab/docNames';
import { readPoll } from '../../../src/lib/plenary/poll';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { loadActorOn } from '../../../src/lib/server/policies';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { minutesDoc } from '../../../src/lib/collab/docNames';
import { BODY } from '../../../src/lib/minutes/document';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';
import { connect, sessionCookieOn } from '../support/collab';
import { copyToPostgres } from '../support/copyToPostgres';
import { DIALECTS, type TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { sessionWithOpenPollOn } from '../support/polls';
import { poisonUpdates } from '../support/poison';

/**
 * The second attack on issue 13, finding 1b: the moderator poisoned plenary:<id> while its session
 * had an open poll; at the next start `reprojectPolls` opened that document before the server
 * listened, and the process exited, at every start. Here the database is left as a server from
 * before the fix left it (the poisoned rows in the log of a session with an open poll, and of a
 * group's notes), and the production server starts on it: it starts, re-projects the other polls,
 * says in one line which document is broken, and its pages answer with that part explained. And
 * finding 1c: minutes nested 20,000 deep (stored, not deleted) made the meeting page answer 500.
 * The server on a SQLite file and on a PostgreSQL database (the fixture built in SQLite, copied).
 */

describe.each(DIALECTS)('a poisoned document at start-up on %s', (dialect) => {
	const storage = tempDatabase();
	let postgres: TempData | undefined;
	let server: BuiltServer | undefined;
	afterAll(async () => {
		await server?.stop();
		await postgres?.cleanup();
		storage.cleanup();
	});

	it('does not stop the start: the other polls are re-projected, and the pages answer with the part explained', async () => {
		const fixture = await buildFixture(storage.db);
		if (dialect === 'postgres') postgres = await copyToPostgres(storage.db);
		const data: Data = postgres?.data ?? sqliteData(storage.db.$client);
		const poisoned = await sessionWithOpenPollOn(data, fixture, 'Plenum, vergiftet');
		const healthy = await sessionWithOpenPollOn(data, fixture, 'Plenum, gesund');
		const { nested, deleteOuter } = poisonUpdates('agenda');
		const store = docStoreOn(data);
		await store.append(new Map([[plenaryDoc(poisoned.sessionId), [nested, deleteOuter]]]));
		await store.append(new Map([[groupNotesDoc(fixture.group.id), [nested, deleteOuter]]]));
		// Minutes nested 20,000 deep: they load, and the meeting page renders them.
		const meeting = await createGroupMeeting(data, await loadActorOn(data, fixture.ids.groupCoordinator), {
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
		await store.append(new Map([[minutesDoc(meeting.id), [Y.encodeStateAsUpdate(deep)]]]));
		// A change the healthy session's screens have not been shown: the start-up projects it.
		await data.q.update(data.t.polls).set({ motion: 'Geänderter Antrag' }).where(eq(data.t.polls.id, healthy.pollId));

		server = await startBuiltServer({ env: { SEED_DEMO: 'false' }, ...(postgres ? { postgresUrl: postgres.url } : { databaseFile: storage.file }) });
		expect(server.output().match(/Document plenary:\w+ is broken/g)).toEqual([`Document ${plenaryDoc(poisoned.sessionId)} is broken`]);
		const cookie = await sessionCookieOn(data, fixture.ids.office);
		const page = (path: string) => fetch(`${server!.origin}${path}`, { headers: { cookie } });

		// The start went on: the healthy session's screens show the poll as the database has it.
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
	}, 180_000);
});
