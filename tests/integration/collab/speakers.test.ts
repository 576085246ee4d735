import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { nextSpeaker, readSpeakers, setSpeakersClosed } from '../../../src/lib/plenary/speakers';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { changeDocument } from '../../../src/lib/server/collab/changeDocument';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { requestToSpeak } from '../../../src/lib/server/commands/requestToSpeak';
import { withdrawFromSpeakers } from '../../../src/lib/server/commands/withdrawFromSpeakers';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { loadActor } from '../../../src/lib/server/policies';
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const actor = (who: Exclude<ActorName, 'anonymous'>) => loadActor(db, fixture.ids[who]);

beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

function newSession() {
	const session = createPlenarySession(db, actor('office'), {
		conferenceId: fixture.conferenceA.id,
		title: 'Plenum',
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null
	});
	return { session, subject: { conferenceId: fixture.conferenceA.id, sessionId: session.id }, docName: plenaryDoc(session.id) };
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof CommandError) return e.code;
		throw e;
	}
	return undefined;
}

describe('asking to speak', () => {
	it('needs a check-in, takes one place per person, respects a closed list except for points of order', async () => {
		const { session, subject, docName } = newSession();
		expect(await refusal(requestToSpeak(db, actor('votingMember'), { ...subject, pointOfOrder: false }))).toBe('not_checked_in');
		for (const who of ['votingMember', 'deputy', 'advisoryMember'] as const) checkIn(db, actor(who), { code: session.checkInCode, method: 'code' });
		await requestToSpeak(db, actor('votingMember'), { ...subject, pointOfOrder: false });
		expect(await refusal(requestToSpeak(db, actor('votingMember'), { ...subject, pointOfOrder: true }))).toBe('already_on_list');
		await changeDocument(db, docName, (doc) => setSpeakersClosed(doc, true));
		expect(await refusal(requestToSpeak(db, actor('deputy'), { ...subject, pointOfOrder: false }))).toBe('speakers_closed');
		await requestToSpeak(db, actor('advisoryMember'), { ...subject, pointOfOrder: true });
		const stored = readSpeakers(createDocStore(db).read(docName));
		expect(stored.queue.map((e) => [e.personId, e.kind])).toEqual([
			[fixture.ids.advisoryMember, 'order'],
			[fixture.ids.votingMember, 'normal']
		]);
		await withdrawFromSpeakers(db, actor('votingMember'), subject);
		expect(readSpeakers(createDocStore(db).read(docName)).queue).toHaveLength(1);
		// A guest or someone from elsewhere may not ask at all.
		await expect(requestToSpeak(db, actor('guest'), { ...subject, pointOfOrder: false })).rejects.toThrow();
		await expect(requestToSpeak(db, actor('otherOffice'), { ...subject, pointOfOrder: false })).rejects.toThrow();
	});

	it('reaches every open screen at once through the document server, where the participant has no write access', async () => {
		const server = await startTestServer(db);
		try {
			const { session, subject, docName } = newSession();
			checkIn(db, actor('deputy'), { code: session.checkInCode, method: 'qr' });
			const screen = connect(server.url, docName, sessionCookie(db, fixture.ids.deputy));
			await screen.synced();
			await requestToSpeak(db, actor('deputy'), { ...subject, pointOfOrder: false });
			await until(() => readSpeakers(screen.doc).queue.length === 1, 5000, 'the request shows on the screen');
			expect(readSpeakers(screen.doc).queue[0].personId).toBe(fixture.ids.deputy);
			// The moderator gives the floor: the request leaves the list, for every screen and in storage.
			const chair = connect(server.url, docName, sessionCookie(db, fixture.ids.moderator));
			await chair.synced();
			nextSpeaker(chair.doc);
			await until(() => readSpeakers(screen.doc).speaking !== null, 5000, 'the speaker shows on the screen');
			expect(readSpeakers(screen.doc).queue).toHaveLength(0);
			await until(() => readSpeakers(createDocStore(db).read(docName)).speaking !== null, 5000, 'stored');
			expect(readSpeakers(createDocStore(db).read(docName)).queue).toHaveLength(0);
			chair.close();
			screen.close();
		} finally {
			await server.stop();
		}
	});
});
