import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { recommendationDoc } from '../../src/lib/collab/recommendationDoc';
import { addAgendaItem } from '../../src/lib/plenary/agenda';
import { RECOMMENDATION_FIELDS, type RecommendationTexts } from '../../src/lib/recommendations/status';
import { agreeOnRecommendation } from '../../src/lib/server/commands/agreeOnRecommendation';
import { reopenRecommendation } from '../../src/lib/server/commands/reopenRecommendation';
import { submitRecommendation } from '../../src/lib/server/commands/submitRecommendation';
import { castVote } from '../../src/lib/server/commands/castVote';
import { closePoll } from '../../src/lib/server/commands/closePoll';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { createRecommendation } from '../../src/lib/server/commands/createRecommendation';
import { decideRecommendation } from '../../src/lib/server/commands/decideRecommendation';
import { forwardRecommendation } from '../../src/lib/server/commands/forwardRecommendation';
import { openPoll } from '../../src/lib/server/commands/openPoll';
import { markPresent } from '../../src/lib/server/commands/markPresent';
import { reportImplementation } from '../../src/lib/server/commands/reportImplementation';
import { scheduleRecommendation } from '../../src/lib/server/commands/scheduleRecommendation';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { docAccess } from '../../src/lib/server/collab/access';
import { docStoreOn } from '../../src/lib/server/collab/docStoreOn';
import { first, type Data } from '../../src/lib/server/db/client';
import { ANONYMOUS, loadActorOn } from '../../src/lib/server/policies';
import {
	agendaItemsForScheduling,
	getPublicRecommendation,
	listConferenceRecommendations,
	currentRecommendationTexts,
	listGroupRecommendations,
	listPublicRecommendations,
	recommendationHistory,
	resolutionsForItem
} from '../../src/lib/server/queries/recommendations';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { answerTo, refusalOf } from './support/errors';

const TEXTS: RecommendationTexts = {
	title: 'Kurzzeitpflege im Landkreis sichern',
	problem: 'Im Landkreis fehlen 40 Plätze in der Kurzzeitpflege.',
	proposal: 'Der Kreis richtet eine Koordinierungsstelle ein und fördert eingestreute Plätze.',
	responsibleBodies: 'Kreistag, Pflegekassen, Träger der Pflegeheime',
	easySummary: 'Manche Menschen brauchen für kurze Zeit Pflege.\nEs gibt zu wenig Plätze.\nDer Kreis soll helfen.'
};

/**
 * A working group's recommendations on a real database (SQLite and PostgreSQL): written together
 * in a shared document, frozen when the group agrees, handed to the plenary, decided by its
 * resolution, forwarded and reported on, each step on record. Two steps at once on PostgreSQL are
 * in commands/onBoth.recommendations.
 */
describe.each(DIALECTS)('recommendations on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	let sessionId: string;
	let itemId: string;
	let otherItemId: string;

	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const conferenceId = () => fixture.conferenceA.id;
	const ref = (recommendationId: string) => ({ conferenceId: conferenceId(), recommendationId });

	/** What a group does in the shared document: types the texts (as a client's update would). */
	async function write(recommendationId: string, texts: Partial<RecommendationTexts>) {
		await changeDocumentOn(data, recommendationDoc(recommendationId), (doc) => {
			for (const [field, value] of Object.entries(texts)) {
				const text = doc.getText(field);
				text.delete(0, text.length);
				text.insert(0, value);
			}
		});
	}

	async function draft(texts: Partial<RecommendationTexts> = TEXTS) {
		const row = await createRecommendation(data, await actor('groupMember'), {
			conferenceId: conferenceId(),
			groupId: fixture.group.id,
			title: texts.title ?? 'Entwurf'
		});
		await write(row.id, texts);
		return row;
	}

	async function submitted() {
		const row = await draft();
		await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id));
		await submitRecommendation(data, await actor('groupCoordinator'), ref(row.id));
		return row;
	}

	/** The plenary votes on an agenda item: everyone voting present says `choice`, and the poll closes. */
	async function resolution(agendaItemId: string, choice: 'yes' | 'no') {
		const office = await actor('office');
		const poll = await openPoll(data, office, {
			conferenceId: conferenceId(),
			sessionId,
			agendaItemId,
			motion: null,
			kind: 'vote',
			secrecy: 'named',
			confirmNotQuorate: true
		});
		for (const name of ['votingMember', 'groupCoordinator', 'minuteTaker', 'moderator'] as const) {
			await castVote(data, await actor(name), { conferenceId: conferenceId(), sessionId, pollId: poll.id, choice, statement: null });
		}
		return closePoll(data, office, { conferenceId: conferenceId(), sessionId, pollId: poll.id });
	}

	beforeAll(async () => {
		({ data, fixture } = on);
		const office = await loadActorOn(data, fixture.ids.office);
		const session = await createPlenarySession(data, office, {
			conferenceId: conferenceId(),
			title: 'Plenum Herbst',
			startsAt: new Date(),
			place: 'Landratsamt',
			videoUrl: null
		});
		sessionId = session.id;
		const doc = new Y.Doc();
		itemId = addAgendaItem(doc, { title: 'Empfehlung Kurzzeitpflege', type: 'decision', durationMinutes: 30, presenter: 'AG Pflege', description: '' });
		otherItemId = addAgendaItem(doc, { title: 'Bericht der Geschäftsstelle', type: 'information', durationMinutes: 10, presenter: '', description: '' });
		addAgendaItem(doc, { title: 'Pause', type: 'break', durationMinutes: 15, presenter: '', description: '' });
		await docStoreOn(data).append(new Map([[plenaryDoc(sessionId), [Y.encodeStateAsUpdate(doc)]]]));
		for (const name of ['votingMember', 'groupCoordinator', 'minuteTaker', 'moderator'] as const) {
			await markPresent(data, office, { conferenceId: conferenceId(), sessionId, personId: fixture.ids[name] });
		}
		await data.q.update(data.t.people).set({ organisation: 'Pflegestützpunkt Kreis A' }).where(eq(data.t.people.id, fixture.ids.votingMember));
	});
	// Votes and arrivals project the count onto screens a moment later: let that finish before the
	// database goes (registered after fixtureOn's, so it runs before its cleanup).
	afterAll(async () => {
		await new Promise((resolve) => setTimeout(resolve, 250));
	});

	describe('recommendations: the status chain', () => {
		it('go from a draft the group writes together to adopted, forwarded and implemented, each step on record', async () => {
			const row = await draft();
			expect(row.status).toBe('draft');
			expect((await listGroupRecommendations(data, fixture.group.id)).find((x) => x.id === row.id)?.title).toBe(TEXTS.title);

			// The coordination agrees: the texts are frozen in the database from the shared document.
			const agreed = await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			expect(agreed.status).toBe('agreed');
			expect(agreed.proposal).toBe(TEXTS.proposal);
			expect(agreed.easySummary).toBe(TEXTS.easySummary);
			// Later typing into the document (by a client that still had it open) changes nothing on record.
			await write(row.id, { proposal: 'Nachträglich geändert' });
			expect((await currentRecommendationTexts(data, agreed)).texts.proposal).toBe(TEXTS.proposal);

			await submitRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			// The hand-over: the office links it to the agenda item it is decided under.
			const scheduled = await scheduleRecommendation(data, await actor('moderator'), { ...ref(row.id), sessionId, agendaItemId: itemId });
			expect(scheduled.agendaItemTitle).toBe('Empfehlung Kurzzeitpflege');

			const taken = await resolution(itemId, 'yes');
			expect(taken.outcome).toBe('adopted');
			expect((await resolutionsForItem(data, sessionId, itemId)).map((r) => r.id)).toContain(taken.id);
			const adopted = await decideRecommendation(data, await actor('office'), {
				...ref(row.id),
				outcome: 'adopted',
				resolutionId: taken.id,
				note: null
			});
			expect(adopted.status).toBe('adopted');
			expect(adopted.resolutionId).toBe(taken.id);

			const forwardedOn = new Date(Date.now() - 86_400_000);
			await forwardRecommendation(data, await actor('office'), {
				...ref(row.id),
				body: 'Kreistag',
				forwardedOn,
				note: 'Vorlage für die Sitzung im Dezember'
			});
			await forwardRecommendation(data, await actor('office'), {
				...ref(row.id),
				body: 'Landesverband der Pflegekassen',
				forwardedOn,
				note: null
			});
			await reportImplementation(data, await actor('votingMember'), {
				...ref(row.id),
				state: 'planned',
				note: 'Der Kreistag hat Mittel eingeplant.',
				reportedOn: forwardedOn
			});
			await reportImplementation(data, await actor('groupCoordinator'), {
				...ref(row.id),
				state: 'in_progress',
				note: 'Die Koordinierungsstelle ist ausgeschrieben.',
				reportedOn: new Date()
			});

			expect((await recommendationHistory(data, row.id)).map((e) => e.event)).toEqual([
				'created',
				'agreed',
				'submitted',
				'scheduled',
				'adopted',
				'forwarded',
				'forwarded'
			]);
			const history = await recommendationHistory(data, row.id);
			expect(history.find((e) => e.event === 'adopted')).toMatchObject({
				resolutionNumber: taken.number,
				resolutionOutcome: 'adopted',
				sessionTitle: 'Plenum Herbst'
			});
			const { auditLog } = data.t;
			const audited = (await data.q.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, row.id)).orderBy(auditLog.seq)).map(
				(a) => a.action
			);
			expect(audited).toEqual([
				'recommendation.create',
				'recommendation.agree',
				'recommendation.submit',
				'recommendation.schedule',
				'recommendation.decide',
				'recommendation.forward',
				'recommendation.forward',
				'recommendation.report',
				'recommendation.report'
			]);

			// Public: the frozen text, where it stands now, the reporters by organisation only.
			const pub = (await getPublicRecommendation(data, conferenceId(), row.id))!;
			expect(pub.texts.proposal).toBe(TEXTS.proposal);
			expect(pub.stage).toBe('in_progress');
			expect(pub.reports.map((r) => r.reporterOrganisation)).toEqual([null, 'Pflegestützpunkt Kreis A']);
			expect(JSON.stringify(pub)).not.toContain('votingMember');
			expect(JSON.stringify(pub)).not.toContain('groupCoordinator');
			expect(pub.history.map((e) => e.event)).toEqual(['agreed', 'submitted', 'scheduled', 'adopted', 'forwarded', 'forwarded']);
		});

		it('refuse a step from the wrong status, and a step by the wrong role', async () => {
			const row = await draft();
			// Not yet agreed: nothing to submit, nothing to decide, nothing to forward or report on.
			expect(await refusalOf(submitRecommendation(data, await actor('groupCoordinator'), ref(row.id)))).toBe('recommendation_wrong_step');
			expect(await refusalOf(decideRecommendation(data, await actor('office'), { ...ref(row.id), outcome: 'adopted', resolutionId: null, note: null }))).toBe(
				'recommendation_wrong_step'
			);
			expect(
				await refusalOf(forwardRecommendation(data, await actor('office'), { ...ref(row.id), body: 'Kreistag', forwardedOn: new Date(), note: null }))
			).toBe('recommendation_wrong_step');
			expect(await refusalOf(reportImplementation(data, await actor('office'), { ...ref(row.id), state: 'planned', note: 'x', reportedOn: new Date() }))).toBe(
				'recommendation_wrong_step'
			);
			// Only the coordination (or the office) agrees for the group; members write, moderators of the plenary decide.
			await expect(agreeOnRecommendation(data, await actor('groupMember'), ref(row.id))).rejects.toMatchObject({ status: 403 });
			await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			expect(await refusalOf(agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id)))).toBe('recommendation_wrong_step');
			await expect(submitRecommendation(data, await actor('moderator'), ref(row.id))).rejects.toMatchObject({ status: 403 });
			await submitRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			await expect(scheduleRecommendation(data, await actor('groupCoordinator'), { ...ref(row.id), sessionId, agendaItemId: itemId })).rejects.toMatchObject({
				status: 403
			});
			await expect(
				decideRecommendation(data, await actor('groupCoordinator'), { ...ref(row.id), outcome: 'adopted', resolutionId: null, note: null })
			).rejects.toMatchObject({ status: 403 });
			// Another conference's office is nobody here.
			await expect(
				decideRecommendation(data, await actor('otherOffice'), { ...ref(row.id), outcome: 'referred_back', resolutionId: null, note: null })
			).rejects.toMatchObject({ status: 403 });
			expect(
				await refusalOf(
					decideRecommendation(data, await actor('office'), {
						conferenceId: fixture.conferenceB.id,
						recommendationId: row.id,
						outcome: 'referred_back',
						resolutionId: null,
						note: null
					})
				)
			).toBe('not_found');
		});

		it('need every text before the group agrees', async () => {
			const row = await draft({ ...TEXTS, easySummary: '  ' });
			expect(await refusalOf(agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id)))).toBe('recommendation_incomplete');
			await write(row.id, { easySummary: 'Ein Satz.' });
			expect((await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id))).status).toBe('agreed');
		});

		it('can be reopened by the group before the plenary, and freeze the new text again', async () => {
			const row = await draft();
			await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			await reopenRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			await write(row.id, { proposal: 'Zweite Fassung' });
			expect((await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id))).proposal).toBe('Zweite Fassung');
		});
	});

	describe('recommendations: the plenary hand-over', () => {
		it('offer the decision and discussion items of current sittings, and refuse breaks and unknown items', async () => {
			const items = await agendaItemsForScheduling(data, conferenceId());
			expect(items.map((i) => i.agendaItemId)).toEqual([itemId]);
			const row = await submitted();
			expect(await refusalOf(scheduleRecommendation(data, await actor('office'), { ...ref(row.id), sessionId, agendaItemId: 'nope' }))).toBe(
				'agenda_item_unknown'
			);
		});

		it('record an adoption or rejection only from a resolution on the recommendation’s own item that says so', async () => {
			const row = await submitted();
			const office = await actor('office');
			// Not on the agenda yet: no resolution can be its decision.
			expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: null, note: null }))).toBe(
				'recommendation_not_scheduled'
			);
			await scheduleRecommendation(data, office, { ...ref(row.id), sessionId, agendaItemId: itemId });
			expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: null, note: null }))).toBe(
				'resolution_required'
			);
			const rejected = await resolution(itemId, 'no');
			expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: rejected.id, note: null }))).toBe(
				'resolution_outcome_mismatch'
			);
			// A resolution on another item is not this recommendation's decision.
			const elsewhere = await resolution(otherItemId, 'yes');
			expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: elsewhere.id, note: null }))).toBe(
				'resolution_not_for_item'
			);
			expect((await decideRecommendation(data, office, { ...ref(row.id), outcome: 'rejected', resolutionId: rejected.id, note: null })).status).toBe(
				'rejected'
			);
			expect(await getPublicRecommendation(data, conferenceId(), row.id)).toBeUndefined();
		});

		it('a referral back returns the text to the group, which edits and agrees on it again', async () => {
			const row = await submitted();
			const referred = await decideRecommendation(data, await actor('moderator'), {
				...ref(row.id),
				outcome: 'referred_back',
				resolutionId: null,
				note: 'Finanzierung klären'
			});
			expect(referred.status).toBe('referred_back');
			expect(await docAccess(data, await actor('groupMember'), recommendationDoc(row.id))).toBe('write');
			await write(row.id, { proposal: 'Mit Finanzierungsplan' });
			expect((await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id))).proposal).toBe('Mit Finanzierungsplan');
		});
	});

	describe('recommendations: who sees and edits what', () => {
		it('the shared document: the group writes a draft, others of the conference read once agreed, the public never', async () => {
			const row = await draft();
			const name = recommendationDoc(row.id);
			expect(await docAccess(data, await actor('groupMember'), name)).toBe('write');
			expect(await docAccess(data, await actor('office'), name)).toBe('write');
			expect(await docAccess(data, await actor('votingMember'), name)).toBe('none');
			expect(await docAccess(data, await actor('guest'), name)).toBe('none');
			expect(await docAccess(data, ANONYMOUS, name)).toBe('none');
			expect(await docAccess(data, await actor('groupMember'), 'recommendation:unknown')).toBe('none');
			await agreeOnRecommendation(data, await actor('groupCoordinator'), ref(row.id));
			expect(await docAccess(data, await actor('groupMember'), name)).toBe('read');
			expect(await docAccess(data, await actor('office'), name)).toBe('read');
			expect(await docAccess(data, await actor('votingMember'), name)).toBe('read');
			expect(await docAccess(data, await actor('guest'), name)).toBe('none');
		});

		it('lists: drafts only for the group, the public only adopted ones with their stage and group filter', async () => {
			const hidden = await draft({ ...TEXTS, title: 'Geheimer Entwurf' });
			const voting = await listConferenceRecommendations(data, await actor('votingMember'), conferenceId());
			expect(voting.map((r) => r.id)).not.toContain(hidden.id);
			expect((await listConferenceRecommendations(data, await actor('groupMember'), conferenceId())).map((r) => r.id)).toContain(hidden.id);
			expect(
				(await listConferenceRecommendations(data, await actor('groupMember'), conferenceId(), { status: 'adopted' })).every((r) => r.status === 'adopted')
			).toBe(true);

			const all = await listPublicRecommendations(data, conferenceId());
			expect(all.length).toBeGreaterThan(0);
			expect(all.every((r) => r.status === 'adopted' || r.status === 'forwarded')).toBe(true);
			expect(all.map((r) => r.title)).not.toContain('Geheimer Entwurf');
			expect((await listPublicRecommendations(data, conferenceId(), { stage: 'in_progress' })).length).toBe(1);
			expect(await listPublicRecommendations(data, conferenceId(), { stage: 'done' })).toEqual([]);
			expect(await listPublicRecommendations(data, conferenceId(), { groupId: fixture.otherGroup.id })).toEqual([]);
			expect(await getPublicRecommendation(data, conferenceId(), hidden.id)).toBeUndefined();
		});

		it('the record holds: history and reports never change, and decided texts never change', async () => {
			const row = (await listPublicRecommendations(data, conferenceId()))[0];
			const { q, t } = data;
			expect(await answerTo(q.update(t.recommendationEvents).set({ note: 'x' }).where(eq(t.recommendationEvents.recommendationId, row.id)))).toMatch(
				/never changed/
			);
			expect(await answerTo(q.update(t.recommendationUpdates).set({ note: 'x' }).where(eq(t.recommendationUpdates.recommendationId, row.id)))).toMatch(
				/never changed/
			);
			expect(await answerTo(q.update(t.recommendations).set({ proposal: 'x' }).where(eq(t.recommendations.id, row.id)))).toMatch(/never changed/);
			// Erasing a person clears the name from the history without touching the record.
			const someone = first(await q.insert(t.people).values({ displayName: 'Zu löschen' }).returning())!;
			await q
				.insert(t.recommendationEvents)
				.values({ recommendationId: row.id, event: 'forwarded', at: new Date(), byPersonId: someone.id, body: 'Rat', forwardedOn: new Date() });
			await q.delete(t.people).where(eq(t.people.id, someone.id));
			expect(
				(await q.select().from(t.recommendationEvents).where(eq(t.recommendationEvents.recommendationId, row.id))).filter((e) => e.body === 'Rat')
			).toMatchObject([{ event: 'forwarded', byPersonId: null }]);
		});

		it('dates in the future are refused for forwarding and reports', async () => {
			const row = (await listPublicRecommendations(data, conferenceId()))[0];
			const tomorrow = new Date(Date.now() + 2 * 86_400_000);
			expect(await refusalOf(forwardRecommendation(data, await actor('office'), { ...ref(row.id), body: 'Kreistag', forwardedOn: tomorrow, note: null }))).toBe(
				'date_in_future'
			);
			expect(await refusalOf(reportImplementation(data, await actor('office'), { ...ref(row.id), state: 'done', note: 'x', reportedOn: tomorrow }))).toBe(
				'date_in_future'
			);
			// A guest who works in the group reports nothing; any member of the conference may.
			await expect(
				reportImplementation(data, await actor('groupMember'), { ...ref(row.id), state: 'done', note: 'x', reportedOn: new Date() })
			).rejects.toMatchObject({ status: 403 });
			expect(RECOMMENDATION_FIELDS).toHaveLength(5);
		});
	});
});
