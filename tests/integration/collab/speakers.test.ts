import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { setCurrentItem } from '../../../src/lib/plenary/live';
import { nextSpeaker, readSpeakers, setSpeakerOptions, setSpeakersClosed } from '../../../src/lib/plenary/speakers';
import { readSpeechLog } from '../../../src/lib/plenary/speechLog';
import { FIELD_LIMITS } from '../../../src/lib/fieldLimits';
import { pointOfOrderForm, requestToSpeakForm } from '../../../src/lib/server/forms/plenary';
import { parseForm } from '../../../src/lib/server/forms/parse';
import { createDocStore } from '../../../src/lib/server/collab/docStore';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { requestToSpeak } from '../../../src/lib/server/commands/requestToSpeak';
import { withdrawFromSpeakers } from '../../../src/lib/server/commands/withdrawFromSpeakers';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { loadActorOn } from '../../../src/lib/server/policies';
import { tempDatabase } from '../support/db';
import { buildFixture, type ActorName } from '../support/fixture';
import { connect, sessionCookie, startTestServer, until } from '../support/collab';
import { sqliteData } from '../../../src/lib/server/db/client';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const actor = (who: Exclude<ActorName, 'anonymous'>) => loadActorOn(sqliteData(db.$client), fixture.ids[who]);

beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

async function newSession() {
	const session = await createPlenarySession(sqliteData(db.$client), await actor('office'), {
		conferenceId: fixture.conferenceA.id,
		title: 'Plenum',
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null
	});
	return { session, subject: { conferenceId: fixture.conferenceA.id, sessionId: session.id }, docName: plenaryDoc(session.id) };
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
	return (await refusalWithField(promise))?.split(' ')[0];
}

/** "code field" of a refusal, or the code alone when it is about the whole form. */
async function refusalWithField(promise: Promise<unknown>): Promise<string | undefined> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof CommandError) return e.field ? `${e.code} ${e.field}` : e.code;
		throw e;
	}
	return undefined;
}

const stored = (docName: string) => readSpeakers(createDocStore(db).read(docName));

describe('asking to speak', () => {
	it('needs a check-in, takes one place per person, respects a closed list except for points of order', async () => {
		const { session, subject, docName } = await newSession();
		expect(await refusal(requestToSpeak(sqliteData(db.$client), await actor('votingMember'), { ...subject, pointOfOrder: false }))).toBe('not_checked_in');
		for (const who of ['votingMember', 'deputy', 'advisoryMember'] as const)
			await checkIn(sqliteData(db.$client), await actor(who), { code: session.checkInCode, method: 'code' });
		await requestToSpeak(sqliteData(db.$client), await actor('votingMember'), { ...subject, pointOfOrder: false });
		expect(await refusal(requestToSpeak(sqliteData(db.$client), await actor('votingMember'), { ...subject, pointOfOrder: true }))).toBe('already_on_list');
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => setSpeakersClosed(doc, true));
		expect(await refusal(requestToSpeak(sqliteData(db.$client), await actor('deputy'), { ...subject, pointOfOrder: false }))).toBe('speakers_closed');
		await requestToSpeak(sqliteData(db.$client), await actor('advisoryMember'), { ...subject, pointOfOrder: true });
		const stored = readSpeakers(createDocStore(db).read(docName));
		expect(stored.queue.map((e) => [e.personId, e.kind])).toEqual([
			[fixture.ids.advisoryMember, 'order'],
			[fixture.ids.votingMember, 'normal']
		]);
		await withdrawFromSpeakers(sqliteData(db.$client), await actor('votingMember'), subject);
		expect(readSpeakers(createDocStore(db).read(docName)).queue).toHaveLength(1);
		// A guest or someone from elsewhere may not ask at all.
		await expect(requestToSpeak(sqliteData(db.$client), await actor('guest'), { ...subject, pointOfOrder: false })).rejects.toThrow();
		await expect(requestToSpeak(sqliteData(db.$client), await actor('otherOffice'), { ...subject, pointOfOrder: false })).rejects.toThrow();
	});

	it('reaches every open screen at once through the document server, where the participant has no write access', async () => {
		const server = await startTestServer(db);
		try {
			const { session, subject, docName } = await newSession();
			await checkIn(sqliteData(db.$client), await actor('deputy'), { code: session.checkInCode, method: 'qr' });
			const screen = connect(server.url, docName, await sessionCookie(db, fixture.ids.deputy));
			await screen.synced();
			await requestToSpeak(sqliteData(db.$client), await actor('deputy'), { ...subject, pointOfOrder: false });
			await until(() => readSpeakers(screen.doc).queue.length === 1, 5000, 'the request shows on the screen');
			expect(readSpeakers(screen.doc).queue[0].personId).toBe(fixture.ids.deputy);
			// The moderator gives the floor: the request leaves the list, for every screen and in storage.
			const chair = connect(server.url, docName, await sessionCookie(db, fixture.ids.moderator));
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

describe('asking to speak for, against, or on a point of order', () => {
	it('takes for and against only when the sitting offers them, and a reason only with a point of order', async () => {
		const { session, subject, docName } = await newSession();
		for (const who of ['votingMember', 'deputy', 'advisoryMember', 'moderator'] as const)
			await checkIn(sqliteData(db.$client), await actor(who), { code: session.checkInCode, method: 'code' });
		expect(await refusalWithField(requestToSpeak(sqliteData(db.$client), await actor('votingMember'), { ...subject, kind: 'contra' }))).toBe(
			'pro_contra_off kind'
		);
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => setSpeakerOptions(doc, { proContra: true }));
		await requestToSpeak(sqliteData(db.$client), await actor('votingMember'), { ...subject, kind: 'contra' });
		await requestToSpeak(sqliteData(db.$client), await actor('deputy'), { ...subject, kind: 'pro' });
		expect(await refusalWithField(requestToSpeak(sqliteData(db.$client), await actor('advisoryMember'), { ...subject, kind: 'pro', reason: 'weil' }))).toBe(
			'speaker_reason_only_for_order reason'
		);
		await requestToSpeak(sqliteData(db.$client), await actor('advisoryMember'), { ...subject, kind: 'order', reason: '  Schluss der\n Debatte ' });
		expect(stored(docName).queue.map((e) => [e.personId, e.kind, e.reason])).toEqual([
			[fixture.ids.advisoryMember, 'order', 'Schluss der Debatte'],
			[fixture.ids.votingMember, 'contra', ''],
			[fixture.ids.deputy, 'pro', '']
		]);
		// The chair takes no points of order through the list: nobody can raise one, the option is the sitting's.
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => setSpeakerOptions(doc, { pointOfOrder: false }));
		expect(await refusal(requestToSpeak(sqliteData(db.$client), await actor('moderator'), { ...subject, kind: 'order' }))).toBe('point_of_order_off');
		expect(await refusal(requestToSpeak(sqliteData(db.$client), await actor('moderator'), { ...subject, pointOfOrder: true }))).toBe('point_of_order_off');
		await requestToSpeak(sqliteData(db.$client), await actor('moderator'), { ...subject });
		expect(stored(docName).queue.at(-1)).toMatchObject({ personId: fixture.ids.moderator, kind: 'normal' });
	});

	it('keeps a request with the item it was made on: the same person may ask again on the next item, and withdraws from the list shown', async () => {
		const { session, subject, docName } = await newSession();
		await checkIn(sqliteData(db.$client), await actor('votingMember'), { code: session.checkInCode, method: 'code' });
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => setCurrentItem(doc, 'top1'));
		await requestToSpeak(sqliteData(db.$client), await actor('votingMember'), subject);
		expect(await refusal(requestToSpeak(sqliteData(db.$client), await actor('votingMember'), subject))).toBe('already_on_list');
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => {
			setSpeakersClosed(doc, true);
			setCurrentItem(doc, 'top2');
		});
		await requestToSpeak(sqliteData(db.$client), await actor('votingMember'), { ...subject, kind: 'order' });
		await withdrawFromSpeakers(sqliteData(db.$client), await actor('votingMember'), subject);
		expect(stored(docName).queue).toEqual([]);
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => setCurrentItem(doc, 'top1'));
		expect(stored(docName)).toMatchObject({ itemId: 'top1', closed: true, queue: [{ personId: fixture.ids.votingMember }] });
		// The speech is logged for its item with the time it took.
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => nextSpeaker(doc, 1_000));
		await changeDocumentOn(sqliteData(db.$client), docName, (doc) => nextSpeaker(doc, 96_000));
		expect(readSpeechLog(createDocStore(db).read(docName))).toEqual([
			expect.objectContaining({ itemId: 'top1', personId: fixture.ids.votingMember, kind: 'normal', seconds: 95 })
		]);
	});

	it('checks kind and reason at the boundary, with the reason bounded by the limit the page sets', () => {
		const form = (fields: Record<string, string>) => {
			const data = new FormData();
			for (const [name, value] of Object.entries(fields)) data.set(name, value);
			return data;
		};
		const max = FIELD_LIMITS.speakers.reason;
		expect(parseForm(form({}), requestToSpeakForm)).toEqual({ ok: true, data: { kind: null, reason: null } });
		expect(parseForm(form({ kind: 'contra' }), requestToSpeakForm)).toMatchObject({ ok: true, data: { kind: 'contra' } });
		expect(parseForm(form({ kind: 'laut' }), requestToSpeakForm)).toMatchObject({ ok: false, errors: { kind: expect.any(String) } });
		expect(parseForm(form({ reason: 'x'.repeat(max) }), pointOfOrderForm)).toMatchObject({ ok: true });
		expect(parseForm(form({ reason: 'x'.repeat(max + 1) }), pointOfOrderForm)).toMatchObject({ ok: false, errors: { reason: expect.any(String) } });
		expect(parseForm(form({ reason: '   ' }), pointOfOrderForm)).toEqual({ ok: true, data: { reason: null } });
	});
});
