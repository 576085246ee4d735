import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { agendaItemSubjectId } from '../../src/lib/easy/versions';
import { addAgendaItem, AGENDA } from '../../src/lib/plenary/agenda';
import * as Y from 'yjs';
import { checkEasyText } from '../../src/lib/server/commands/checkEasyText';
import { createGroupMeeting } from '../../src/lib/server/commands/createGroupMeeting';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createRecommendation } from '../../src/lib/server/commands/createRecommendation';
import { writeEasyText } from '../../src/lib/server/commands/writeEasyText';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { first, type Data } from '../../src/lib/server/db/client';
import { easyVersionOf, easyVersionsOf } from '../../src/lib/server/easy/versions';
import { loadActorOn } from '../../src/lib/server/policies';
import { getEasyText, listEasyTexts } from '../../src/lib/server/queries/easyTexts';
import { DIALECTS } from './support/data';
import { refusalOf } from './support/errors';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';

const EASY = 'Der Landrat begrüßt alle.\nDann zählen wir: Sind genug Mitglieder da?';

/** What the database said when it refused a write: the driver's message, or the one it wraps. */
async function refusedByDatabase(write: PromiseLike<unknown>): Promise<string> {
	try {
		await write;
	} catch (e) {
		return `${(e as Error).message} ${(e as { cause?: Error }).cause?.message ?? ''}`;
	}
	return 'not refused';
}

describe.each(DIALECTS)('easy-language texts on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let sessionId: string;
	let itemId: string;
	let meetingId: string;

	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const conferenceId = () => fixture.conferenceA.id;
	const item = () => ({ conferenceId: conferenceId(), kind: 'agenda_item' as const, subjectId: agendaItemSubjectId(sessionId, itemId) });
	const storedText = async () => first(await data.q.select().from(data.t.easyTexts).where(eq(data.t.easyTexts.subjectId, item().subjectId)));

	beforeAll(async () => {
		({ data, fixture } = on);
		const office = await actor('office');
		const session = await createPlenarySession(data, office, {
			conferenceId: conferenceId(),
			title: 'Plenum im Mai',
			startsAt: new Date(Date.now() + 7 * 86_400_000),
			place: 'Landratsamt',
			videoUrl: null
		});
		sessionId = session.id;
		await changeDocumentOn(data, plenaryDoc(sessionId), (doc) => {
			itemId = addAgendaItem(doc, { title: 'Begrüßung und Beschlussfähigkeit', description: '', presenter: '', durationMinutes: 10, type: 'information' });
			addAgendaItem(doc, { title: 'Pause', description: '', presenter: '', durationMinutes: 15, type: 'break' });
		});
		meetingId = (
			await createGroupMeeting(data, await actor('groupCoordinator'), {
				conferenceId: conferenceId(),
				groupId: fixture.group.id,
				title: 'Treffen im Juni',
				startsAt: new Date(Date.now() + 14 * 86_400_000),
				durationMinutes: 90,
				place: 'Raum 2',
				videoUrl: null,
				agenda: ['Kurzzeitpflege'],
				moderatorPersonId: null,
				minuteTakerPersonId: null
			})
		).id;
	});

	describe('easy-language versions', () => {
		it('a text has none until someone writes one; then it is a draft with its writer on record', async () => {
			expect((await easyVersionOf(data, 'agenda_item', item().subjectId)).status).toBe('missing');
			const saved = await writeEasyText(data, await actor('office'), { ...item(), body: `  ${EASY}  `, basedOn: null });
			expect(saved).toMatchObject({ status: 'draft', changed: true });
			const version = await easyVersionOf(data, 'agenda_item', item().subjectId);
			expect(version).toMatchObject({ status: 'draft', body: EASY, checkedAt: null });
			const { auditLog } = data.t;
			// PostgreSQL keeps no order without ORDER BY: the log's own sequence says which entry is the last.
			const audit = await data.q.select().from(auditLog).where(eq(auditLog.action, 'easyText.write')).orderBy(auditLog.seq);
			expect(audit.at(-1)).toMatchObject({ subjectType: 'agenda_item', subjectId: item().subjectId, actorPersonId: fixture.ids.office });
		});

		it('only a reader of the Prüfgruppe who did not write it signs it off, and only the version they read', async () => {
			const stored = (await storedText())!;
			const basedOn = stored.writtenAt.getTime();
			await expect(checkEasyText(data, await actor('office'), { ...item(), basedOn })).rejects.toMatchObject({ status: 403 });
			// A version written after the reader opened theirs is not what they checked.
			expect(await refusalOf(checkEasyText(data, await actor('easyChecker'), { ...item(), basedOn: basedOn - 1 }))).toBe('easy_text_changed');
			await checkEasyText(data, await actor('easyChecker'), { ...item(), basedOn, now: new Date('2026-05-04T10:00:00Z') });
			expect(await easyVersionOf(data, 'agenda_item', item().subjectId)).toMatchObject({ status: 'checked', checkedAt: new Date('2026-05-04T10:00:00Z') });
			// Readers of the Prüfgruppe come from the target group: the office sees who checked, others that it was checked.
			expect((await getEasyText(data, await actor('office'), conferenceId(), 'agenda_item', item().subjectId))!.version).toMatchObject({
				status: 'checked',
				checkedByName: 'easyChecker'
			});
			expect((await getEasyText(data, await actor('moderator'), conferenceId(), 'agenda_item', item().subjectId))!.version).toMatchObject({
				status: 'checked',
				checkedByName: null
			});
			// Checked once is checked: nothing is left to sign off.
			await expect(checkEasyText(data, await actor('easyChecker'), { ...item(), basedOn })).rejects.toMatchObject({ status: 403 });
		});

		it('saving the same text again keeps the check; changing it makes it a draft that needs a new check', async () => {
			const basedOn = async () => (await storedText())!.writtenAt.getTime();
			expect(await writeEasyText(data, await actor('moderator'), { ...item(), body: EASY, basedOn: await basedOn() })).toMatchObject({
				status: 'checked',
				changed: false
			});
			await writeEasyText(data, await actor('moderator'), {
				...item(),
				body: `${EASY}\nDann geht es los.`,
				basedOn: await basedOn(),
				now: new Date(Date.now() + 1000)
			});
			expect(await easyVersionOf(data, 'agenda_item', item().subjectId)).toMatchObject({ status: 'draft', checkedAt: null });
		});

		it('a save on top of a version the writer has not seen is refused, and the stored text stays', async () => {
			const before = (await easyVersionOf(data, 'agenda_item', item().subjectId)).body;
			expect(await refusalOf(writeEasyText(data, await actor('office'), { ...item(), body: 'Ganz anders.', basedOn: null }))).toBe('easy_text_changed');
			expect((await easyVersionOf(data, 'agenda_item', item().subjectId)).body).toBe(before);
		});

		it('the database refuses a changed text that still claims to be checked', async () => {
			const { easyTexts } = data.t;
			const row = (await storedText())!;
			await data.q.update(easyTexts).set({ status: 'checked', checkedAt: new Date() }).where(eq(easyTexts.id, row.id));
			expect(await refusedByDatabase(data.q.update(easyTexts).set({ body: 'Etwas anderes.' }).where(eq(easyTexts.id, row.id)))).toMatch(/checked again/);
			await data.q.update(easyTexts).set({ status: 'draft', checkedAt: null }).where(eq(easyTexts.id, row.id));
		});

		it('says when the standard text changed after the easy version was written', async () => {
			const standard = async () => (await getEasyText(data, await actor('office'), conferenceId(), 'agenda_item', item().subjectId))!;
			expect((await standard()).outdated).toBe(false);
			await changeDocumentOn(data, plenaryDoc(sessionId), (doc) =>
				(doc.getMap(AGENDA).get(itemId) as Y.Map<unknown>).set('title', 'Begrüßung, Beschlussfähigkeit und Tagesordnung')
			);
			expect((await standard()).outdated).toBe(true);
			// Not to be signed off until its writers confirm it still fits.
			const stale = (await storedText())!;
			await expect(checkEasyText(data, await actor('easyChecker'), { ...item(), basedOn: stale.writtenAt.getTime() })).rejects.toMatchObject({ status: 403 });
			expect(
				(await easyVersionsOf(data, 'agenda_item', [{ subjectId: item().subjectId, standardText: (await standard()).text.standardText }])).get(
					item().subjectId
				)!.outdated
			).toBe(true);
			// Saved again as it is, the writer says it still fits: no longer outdated, and still what the Prüfgruppe read.
			const before = await standard();
			await writeEasyText(data, await actor('office'), { ...item(), body: before.version!.body, basedOn: before.version!.writtenAt.getTime() });
			expect(await standard()).toMatchObject({ outdated: false, status: before.status });
		});

		it('a group’s texts are written by its members; texts that do not exist (or are not public yet) are not found', async () => {
			const meeting = { conferenceId: conferenceId(), kind: 'group_meeting' as const, subjectId: meetingId };
			await expect(writeEasyText(data, await actor('votingMember'), { ...meeting, body: 'Wir treffen uns.', basedOn: null })).rejects.toMatchObject({
				status: 403
			});
			await writeEasyText(data, await actor('groupMember'), { ...meeting, body: 'Wir treffen uns.', basedOn: null });
			expect((await easyVersionOf(data, 'group_meeting', meetingId)).status).toBe('draft');
			expect(await refusalOf(writeEasyText(data, await actor('office'), { ...meeting, subjectId: 'nosuchmeeting', body: 'x', basedOn: null }))).toBe(
				'not_found'
			);
			// A meeting of this conference is not reached through another's.
			expect(
				await refusalOf(writeEasyText(data, await actor('otherOffice'), { ...meeting, conferenceId: fixture.conferenceB.id, body: 'x', basedOn: null }))
			).toBe('not_found');
			const draft = await createRecommendation(data, await actor('groupMember'), {
				conferenceId: conferenceId(),
				groupId: fixture.group.id,
				title: 'Kurzzeitpflege'
			});
			expect(
				await refusalOf(
					writeEasyText(data, await actor('office'), { conferenceId: conferenceId(), kind: 'recommendation', subjectId: draft.id, body: 'x', basedOn: null })
				)
			).toBe('not_found');
		});

		it('the overview shows each person the texts they write or check, with what they may do', async () => {
			const office = await listEasyTexts(data, await actor('office'), conferenceId());
			const kinds = office.map((e) => e.text.kind);
			expect(kinds).toEqual(expect.arrayContaining(['plenary_session', 'agenda_item', 'group_meeting', 'invitation']));
			// A break has nothing to say in easy language.
			expect(office.filter((e) => e.text.kind === 'agenda_item').map((e) => e.text.title)).toEqual(['1. Begrüßung, Beschlussfähigkeit und Tagesordnung']);
			expect(office.find((e) => e.text.kind === 'invitation')).toMatchObject({ status: 'missing', canWrite: true, canCheck: false });
			// The Prüfgruppe sees what there is to read, and may check the drafts.
			const checker = await listEasyTexts(data, await actor('easyChecker'), conferenceId());
			expect(checker.length).toBeGreaterThan(0);
			expect(checker.every((e) => e.status !== 'missing')).toBe(true);
			expect(checker.map((e) => [e.text.kind, e.status, e.canCheck])).toEqual(
				expect.arrayContaining([
					['agenda_item', 'draft', true],
					['group_meeting', 'draft', true]
				])
			);
			// A group member sees the group's texts only.
			expect(new Set((await listEasyTexts(data, await actor('groupMember'), conferenceId())).map((e) => e.text.kind))).toEqual(new Set(['group_meeting']));
			const missing = await listEasyTexts(data, await actor('office'), conferenceId(), { status: 'missing' });
			expect(missing.map((e) => e.text.kind)).toEqual(['plenary_session', 'invitation']);
		});
	});
});
