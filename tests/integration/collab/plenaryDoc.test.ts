import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem, readAgenda } from '../../../src/lib/plenary/agenda';
import { docAccess } from '../../../src/lib/server/collab/access';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { loadActorOn } from '../../../src/lib/server/policies';
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';
import { sqliteData } from '../../../src/lib/server/db/client';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let name: string;

beforeAll(async () => {
	fixture = await buildFixture(db);
	const session = await createPlenarySession(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.office), {
		conferenceId: fixture.conferenceA.id,
		title: 'Plenum',
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null
	});
	name = plenaryDoc(session.id);
	server = await startTestServer(db);
});
afterAll(async () => {
	await server.stop();
	storage.cleanup();
});

const as = (who: Exclude<ActorName, 'anonymous'>) => sessionCookie(db, fixture.ids[who]);

describe('the plenary document', () => {
	it('is planned by the office and the moderators, followed read-only by everyone else in the conference', async () => {
		const access = async (who: Exclude<ActorName, 'anonymous'>) =>
			docAccess(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids[who]), name);
		expect(await access('office')).toBe('write');
		expect(await access('moderator')).toBe('write');
		expect(await access('votingMember')).toBe('read');
		expect(await access('guest')).toBe('read');
		expect(await access('otherOffice')).toBe('none');
		expect(await docAccess(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.office), plenaryDoc('nosuchsession'))).toBe('none');
	});

	it('carries an agenda item from the moderator to a member live; the member’s own edits go nowhere', async () => {
		const moderator = connect(server.url, name, await as('moderator'));
		const member = connect(server.url, name, await as('votingMember'));
		await Promise.all([moderator.synced(), member.synced()]);
		addAgendaItem(moderator.doc, { title: 'Begrüßung', description: '', presenter: 'Landrat', durationMinutes: 10, type: 'information' });
		await until(() => readAgenda(member.doc).length === 1, 5000, 'member sees the item');
		addAgendaItem(member.doc, { title: 'Eigenmächtig', description: '', presenter: '', durationMinutes: 5, type: 'discussion' });
		await new Promise((r) => setTimeout(r, 200));
		expect(readAgenda(moderator.doc).map((i) => i.title)).toEqual(['Begrüßung']);
		expect(readAgenda(createDocStore(db).read(name)).map((i) => i.title)).toEqual(['Begrüßung']);
		moderator.close();
		member.close();
	});
});
