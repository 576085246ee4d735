import { describe, expect, it, onTestFinished } from 'vitest';
import { setCurrentItem } from '../../../src/lib/plenary/live';
import { nextSpeaker, readSpeakers, setSpeakerOptions, setSpeakersClosed } from '../../../src/lib/plenary/speakers';
import { readSpeechLog } from '../../../src/lib/plenary/speechLog';
import { FIELD_LIMITS } from '../../../src/lib/fieldLimits';
import { pointOfOrderForm, requestToSpeakForm } from '../../../src/lib/server/forms/plenary';
import { parseForm } from '../../../src/lib/server/forms/parse';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { requestToSpeak } from '../../../src/lib/server/commands/requestToSpeak';
import { withdrawFromSpeakers } from '../../../src/lib/server/commands/withdrawFromSpeakers';
import { CommandError } from '../../../src/lib/server/commands/support/errors';
import { collabTestBedOn } from '../support/collabBedOn';
import { DIALECTS } from '../support/data';
import { planSitting } from '../support/meetings';
import type { ActorName } from '../support/fixture';
import { connect, startTestServerOn, until } from '../support/collab';

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

describe.each(DIALECTS)('speakers on %s', (dialect) => {
	// No document server but in the live test, which starts its own: the commands write the
	// plenary document straight into the store (under its lock on PostgreSQL), as in a process without one.
	const bed = collabTestBedOn(dialect, {}, { serve: false });
	const actor = (who: Exclude<ActorName, 'anonymous'>) => bed.actor(who);

	const newSession = () => planSitting(bed.data, bed.fixture);

	const stored = async (docName: string) => readSpeakers(await docStoreOn(bed.data).read(docName));

	describe('asking to speak', () => {
		it('needs a check-in, takes one place per person, respects a closed list except for points of order', async () => {
			const { session, subject, docName } = await newSession();
			expect(await refusal(requestToSpeak(bed.data, await actor('votingMember'), { ...subject, pointOfOrder: false }))).toBe('not_checked_in');
			for (const who of ['votingMember', 'deputy', 'advisoryMember'] as const)
				await checkIn(bed.data, await actor(who), { code: session.checkInCode, method: 'code' });
			await requestToSpeak(bed.data, await actor('votingMember'), { ...subject, pointOfOrder: false });
			expect(await refusal(requestToSpeak(bed.data, await actor('votingMember'), { ...subject, pointOfOrder: true }))).toBe('already_on_list');
			await changeDocumentOn(bed.data, docName, (doc) => setSpeakersClosed(doc, true));
			expect(await refusal(requestToSpeak(bed.data, await actor('deputy'), { ...subject, pointOfOrder: false }))).toBe('speakers_closed');
			await requestToSpeak(bed.data, await actor('advisoryMember'), { ...subject, pointOfOrder: true });
			const listed = await stored(docName);
			expect(listed.queue.map((e) => [e.personId, e.kind])).toEqual([
				[bed.fixture.ids.advisoryMember, 'order'],
				[bed.fixture.ids.votingMember, 'normal']
			]);
			await withdrawFromSpeakers(bed.data, await actor('votingMember'), subject);
			expect((await stored(docName)).queue).toHaveLength(1);
			// A guest or someone from elsewhere may not ask at all.
			await expect(requestToSpeak(bed.data, await actor('guest'), { ...subject, pointOfOrder: false })).rejects.toThrow();
			await expect(requestToSpeak(bed.data, await actor('otherOffice'), { ...subject, pointOfOrder: false })).rejects.toThrow();
		});

		it('reaches every open screen at once through the document server, where the participant has no write access', async () => {
			const server = await startTestServerOn(bed.data);
			onTestFinished(() => server.stop());
			const { session, subject, docName } = await newSession();
			await checkIn(bed.data, await actor('deputy'), { code: session.checkInCode, method: 'qr' });
			const screen = bed.track(connect(server.url, docName, await bed.cookie('deputy')));
			await screen.synced();
			await requestToSpeak(bed.data, await actor('deputy'), { ...subject, pointOfOrder: false });
			await until(() => readSpeakers(screen.doc).queue.length === 1, 5000, 'the request shows on the screen');
			expect(readSpeakers(screen.doc).queue[0].personId).toBe(bed.fixture.ids.deputy);
			// The moderator gives the floor: the request leaves the list, for every screen and in storage.
			const chair = bed.track(connect(server.url, docName, await bed.cookie('moderator')));
			await chair.synced();
			nextSpeaker(chair.doc);
			await until(() => readSpeakers(screen.doc).speaking !== null, 5000, 'the speaker shows on the screen');
			expect(readSpeakers(screen.doc).queue).toHaveLength(0);
			await until(async () => (await stored(docName)).speaking !== null, 5000, 'stored');
			expect((await stored(docName)).queue).toHaveLength(0);
		});
	});

	describe('asking to speak for, against, or on a point of order', () => {
		it('takes for and against only when the sitting offers them, and a reason only with a point of order', async () => {
			const { session, subject, docName } = await newSession();
			for (const who of ['votingMember', 'deputy', 'advisoryMember', 'moderator'] as const)
				await checkIn(bed.data, await actor(who), { code: session.checkInCode, method: 'code' });
			expect(await refusalWithField(requestToSpeak(bed.data, await actor('votingMember'), { ...subject, kind: 'contra' }))).toBe('pro_contra_off kind');
			await changeDocumentOn(bed.data, docName, (doc) => setSpeakerOptions(doc, { proContra: true }));
			await requestToSpeak(bed.data, await actor('votingMember'), { ...subject, kind: 'contra' });
			await requestToSpeak(bed.data, await actor('deputy'), { ...subject, kind: 'pro' });
			expect(await refusalWithField(requestToSpeak(bed.data, await actor('advisoryMember'), { ...subject, kind: 'pro', reason: 'weil' }))).toBe(
				'speaker_reason_only_for_order reason'
			);
			await requestToSpeak(bed.data, await actor('advisoryMember'), { ...subject, kind: 'order', reason: '  Schluss der\n Debatte ' });
			expect((await stored(docName)).queue.map((e) => [e.personId, e.kind, e.reason])).toEqual([
				[bed.fixture.ids.advisoryMember, 'order', 'Schluss der Debatte'],
				[bed.fixture.ids.votingMember, 'contra', ''],
				[bed.fixture.ids.deputy, 'pro', '']
			]);
			// The chair takes no points of order through the list: nobody can raise one, the option is the sitting's.
			await changeDocumentOn(bed.data, docName, (doc) => setSpeakerOptions(doc, { pointOfOrder: false }));
			expect(await refusal(requestToSpeak(bed.data, await actor('moderator'), { ...subject, kind: 'order' }))).toBe('point_of_order_off');
			expect(await refusal(requestToSpeak(bed.data, await actor('moderator'), { ...subject, pointOfOrder: true }))).toBe('point_of_order_off');
			await requestToSpeak(bed.data, await actor('moderator'), { ...subject });
			expect((await stored(docName)).queue.at(-1)).toMatchObject({ personId: bed.fixture.ids.moderator, kind: 'normal' });
		});

		it('keeps a request with the item it was made on: the same person may ask again on the next item, and withdraws from the list shown', async () => {
			const { session, subject, docName } = await newSession();
			await checkIn(bed.data, await actor('votingMember'), { code: session.checkInCode, method: 'code' });
			await changeDocumentOn(bed.data, docName, (doc) => setCurrentItem(doc, 'top1'));
			await requestToSpeak(bed.data, await actor('votingMember'), subject);
			expect(await refusal(requestToSpeak(bed.data, await actor('votingMember'), subject))).toBe('already_on_list');
			await changeDocumentOn(bed.data, docName, (doc) => {
				setSpeakersClosed(doc, true);
				setCurrentItem(doc, 'top2');
			});
			await requestToSpeak(bed.data, await actor('votingMember'), { ...subject, kind: 'order' });
			await withdrawFromSpeakers(bed.data, await actor('votingMember'), subject);
			expect((await stored(docName)).queue).toEqual([]);
			await changeDocumentOn(bed.data, docName, (doc) => setCurrentItem(doc, 'top1'));
			expect(await stored(docName)).toMatchObject({ itemId: 'top1', closed: true, queue: [{ personId: bed.fixture.ids.votingMember }] });
			// The speech is logged for its item with the time it took.
			await changeDocumentOn(bed.data, docName, (doc) => nextSpeaker(doc, 1_000));
			await changeDocumentOn(bed.data, docName, (doc) => nextSpeaker(doc, 96_000));
			expect(readSpeechLog(await docStoreOn(bed.data).read(docName))).toEqual([
				expect.objectContaining({ itemId: 'top1', personId: bed.fixture.ids.votingMember, kind: 'normal', seconds: 95 })
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
});
