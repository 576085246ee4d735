import { and, asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { readRecommendationTexts, recommendationDoc } from '../../../src/lib/collab/recommendationDoc';
import type { ConferenceRole, MemberStatus } from '../../../src/lib/domain/roles';
import { addAgendaItem } from '../../../src/lib/plenary/agenda';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { agreeOnRecommendation } from '../../../src/lib/server/commands/agreeOnRecommendation';
import { castVote } from '../../../src/lib/server/commands/castVote';
import { closePoll } from '../../../src/lib/server/commands/closePoll';
import { createRecommendation } from '../../../src/lib/server/commands/createRecommendation';
import { decideRecommendation } from '../../../src/lib/server/commands/decideRecommendation';
import { forwardRecommendation } from '../../../src/lib/server/commands/forwardRecommendation';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { reopenRecommendation } from '../../../src/lib/server/commands/reopenRecommendation';
import { reportImplementation } from '../../../src/lib/server/commands/reportImplementation';
import { scheduleRecommendation } from '../../../src/lib/server/commands/scheduleRecommendation';
import { submitRecommendation } from '../../../src/lib/server/commands/submitRecommendation';
import type { Data } from '../../../src/lib/server/db/client';
import { lockForUpdate } from '../../../src/lib/server/db/locks';
import type { Actor } from '../../../src/lib/server/policies';
import { scheduleProjection } from '../../../src/lib/server/polls/projectPoll';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The recommendation commands on the data layer, on both databases: a draft written together,
 * agreed, reopened, submitted, put on an agenda item, adopted by the plenary's resolution,
 * forwarded and reported on. On PostgreSQL, two instances taking the same step at once: the
 * recommendation's row is held by each step (README, "Rules that span rows", as the claim steps),
 * so the second one reads the first one's status and is refused instead of writing over it.
 */
const at = new Date('2026-12-03T10:00:00Z');
const VOTERS = ['v0', 'v1', 'v2'];
const TEXTS = {
	title: 'Kurzzeitpflege im Landkreis',
	problem: 'Es gibt zu wenige Plätze.',
	proposal: 'Der Landkreis schafft 20 Plätze.',
	responsibleBodies: 'Kreistag',
	easySummary: 'Mehr Plätze für Kurzzeit·pflege.'
};

const standing = (conferenceId: string, role: ConferenceRole, memberStatus: MemberStatus | null = null): Actor['conferences'] =>
	new Map([[conferenceId, { roles: new Set([role]), memberStatus }]]);
const person = (personId: string, conferences: Actor['conferences'], groups: Actor['groups'] = new Map()): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups
});
const coordinator = person(
	'coord',
	standing('north', 'member', 'voting'),
	new Map([['g1', { conferenceId: 'north', kind: 'working', roles: new Set(['coordinator']) }]])
);
const groupMember = person(
	'gm',
	standing('north', 'member', 'voting'),
	new Map([['g1', { conferenceId: 'north', kind: 'working', roles: new Set(['member']) }]])
);
const office = person('office', standing('north', 'office'));
const otherOffice = person('office', standing('south', 'office'));
const moderator = person('mod', standing('north', 'moderator'));
const voter = (personId: string) => person(personId, standing('north', 'member', 'voting'));

/** A conference with a working group, three voting members in the room of session s1, and a decision item on its agenda. */
async function seed(data: Data): Promise<{ itemId: string }> {
	const { q, t } = data;
	await q
		.insert(t.people)
		.values([
			...VOTERS.map((id) => ({ id, displayName: id })),
			{ id: 'coord', displayName: 'Koordination', organisation: 'Pflegestützpunkt' },
			{ id: 'gm', displayName: 'Mitglied' },
			{ id: 'office', displayName: 'Geschäftsstelle', organisation: 'Landratsamt' },
			{ id: 'mod', displayName: 'Moderation' }
		]);
	await q.insert(t.conferences).values([
		{ id: 'north', name: 'Nord', region: 'Kreis Nord' },
		{ id: 'south', name: 'Süd', region: 'Kreis Süd' }
	]);
	await q
		.insert(t.conferenceMemberships)
		.values([
			...VOTERS.map((personId) => ({ conferenceId: 'north', personId, role: 'member' as const, memberStatus: 'voting' as const })),
			{ conferenceId: 'north', personId: 'coord', role: 'member', memberStatus: 'voting' },
			{ conferenceId: 'north', personId: 'gm', role: 'member', memberStatus: 'voting' },
			{ conferenceId: 'north', personId: 'office', role: 'office' },
			{ conferenceId: 'north', personId: 'mod', role: 'moderator' }
		]);
	await q.insert(t.workingGroups).values({ id: 'g1', conferenceId: 'north', name: 'AG Pflege' });
	await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' });
	await q.insert(t.attendance).values(['coord', 'gm', ...VOTERS].map((personId) => ({ sessionId: 's1', personId, checkedInAt: at, method: 'code' as const })));
	let itemId = '';
	await changeDocumentOn(data, plenaryDoc('s1'), (doc) => {
		itemId = addAgendaItem(doc, { title: 'Empfehlung Kurzzeitpflege', description: '', presenter: '', durationMinutes: 20, type: 'decision' });
	});
	return { itemId };
}

/** PostgreSQL: how many connections to this database wait for a lock. */
async function lockWaits(data: Data): Promise<number> {
	const rows = await data.rows<{ n: string }>(sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
	return Number(rows[0].n);
}

/** Polls `check` until it holds, for at most `boundMs`. */
async function waitFor(check: () => Promise<boolean>, what: string, boundMs = 5000): Promise<void> {
	for (const start = Date.now(); !(await check()); await new Promise((resolve) => setTimeout(resolve, 10)))
		if (Date.now() - start > boundMs) throw new Error(`timed out waiting for ${what}`);
}

/** A barrier on PostgreSQL: a third connection holds the recommendation's row until `release()`; steps started meanwhile queue behind it. */
async function holdRecommendationRow(holder: Data, id: string) {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	let locked = () => {};
	const isLocked = new Promise<void>((resolve) => (locked = resolve));
	const held = holder.transaction(async (tx) => {
		await lockForUpdate(holder, tx, holder.t.recommendations, id);
		locked();
		await released;
	});
	await isLocked;
	return { release, held };
}

describe.each(DIALECTS)('the recommendation commands on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	let itemId: string;
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		({ itemId } = await seed(data));
	});
	afterEach(async () => {
		// The projections scheduled by the poll read the database: let them end before it goes.
		await scheduleProjection(data, 's1');
		await db.cleanup();
	});

	const ref = (recommendationId: string) => ({ conferenceId: 'north', recommendationId, now: at });
	/** The group writes: each field given replaces what the shared document held. */
	const write = (id: string, texts: Partial<typeof TEXTS>) =>
		changeDocumentOn(data, recommendationDoc(id), (doc) => {
			for (const [field, value] of Object.entries(texts)) {
				const text = doc.getText(field);
				text.delete(0, text.length);
				text.insert(0, value);
			}
		});
	async function eventsOf(id: string) {
		const { recommendationEvents } = data.t;
		return data.q
			.select()
			.from(recommendationEvents)
			.where(eq(recommendationEvents.recommendationId, id))
			.orderBy(asc(recommendationEvents.at), asc(recommendationEvents.id));
	}
	async function statusOf(id: string) {
		const { recommendations } = data.t;
		return (await data.q.select({ status: recommendations.status }).from(recommendations).where(eq(recommendations.id, id)))[0]?.status;
	}
	/** A resolution on the item: the plenary votes yes, three to none. */
	async function adoptedResolution() {
		const poll = await openPoll(data, moderator, {
			conferenceId: 'north',
			sessionId: 's1',
			agendaItemId: itemId,
			motion: null,
			kind: 'vote',
			secrecy: 'named',
			now: at
		});
		for (const personId of VOTERS)
			await castVote(data, voter(personId), { conferenceId: 'north', sessionId: 's1', pollId: poll.id, choice: 'yes', statement: null, now: at });
		return closePoll(data, moderator, { conferenceId: 'north', sessionId: 's1', pollId: poll.id, now: at });
	}
	/** A draft with every text written, agreed and submitted to the plenary. */
	async function submitted() {
		const row = await createRecommendation(data, groupMember, { conferenceId: 'north', groupId: 'g1', title: TEXTS.title, now: at });
		await write(row.id, TEXTS);
		await agreeOnRecommendation(data, coordinator, ref(row.id));
		await submitRecommendation(data, coordinator, ref(row.id));
		return row;
	}

	it('take a draft from the group to adopted, forwarded and reported on, each step on record', async () => {
		// Create: a draft, its title in the shared document.
		const row = await createRecommendation(data, groupMember, { conferenceId: 'north', groupId: 'g1', title: TEXTS.title, now: at });
		expect(row).toMatchObject({ status: 'draft', groupId: 'g1', title: TEXTS.title, createdByPersonId: 'gm' });
		expect((await readDocumentOn(data, recommendationDoc(row.id), readRecommendationTexts)).title).toBe(TEXTS.title);
		expect(await refusalOf(createRecommendation(data, office, { conferenceId: 'north', groupId: 'nope', title: 'x', now: at }))).toBe('not_found');
		await expect(createRecommendation(data, groupMember, { conferenceId: 'south', groupId: 'g1', title: 'x', now: at })).rejects.toMatchObject({ status: 403 });

		// Agree: refused while a text is missing; then the texts are frozen from the document.
		expect(await refusalOf(agreeOnRecommendation(data, coordinator, ref(row.id)))).toBe('recommendation_incomplete');
		await expect(agreeOnRecommendation(data, groupMember, ref(row.id))).rejects.toMatchObject({ status: 403 });
		await write(row.id, TEXTS);
		const agreed = await agreeOnRecommendation(data, coordinator, ref(row.id));
		expect(agreed).toMatchObject({ status: 'agreed', proposal: TEXTS.proposal, easySummary: TEXTS.easySummary });
		expect(await refusalOf(agreeOnRecommendation(data, coordinator, ref(row.id)))).toBe('recommendation_wrong_step');

		// Reopen, write again, agree on the new text.
		expect((await reopenRecommendation(data, coordinator, ref(row.id))).status).toBe('draft');
		expect(await refusalOf(reopenRecommendation(data, coordinator, ref(row.id)))).toBe('recommendation_wrong_step');
		await write(row.id, { proposal: 'Der Landkreis schafft 30 Plätze.' });
		expect((await agreeOnRecommendation(data, coordinator, ref(row.id))).proposal).toBe('Der Landkreis schafft 30 Plätze.');

		// Submit, then schedule on the agenda item.
		expect(await refusalOf(scheduleRecommendation(data, office, { ...ref(row.id), sessionId: 's1', agendaItemId: itemId }))).toBe('recommendation_wrong_step');
		expect((await submitRecommendation(data, coordinator, ref(row.id))).status).toBe('submitted');
		expect(await refusalOf(submitRecommendation(data, coordinator, ref(row.id)))).toBe('recommendation_wrong_step');
		expect(await refusalOf(scheduleRecommendation(data, office, { ...ref(row.id), sessionId: 's1', agendaItemId: 'nope' }))).toBe('agenda_item_unknown');
		expect(await refusalOf(scheduleRecommendation(data, office, { ...ref(row.id), sessionId: 'nope', agendaItemId: itemId }))).toBe('not_found');
		const scheduled = await scheduleRecommendation(data, office, { ...ref(row.id), sessionId: 's1', agendaItemId: itemId });
		expect(scheduled).toMatchObject({ sessionId: 's1', agendaItemId: itemId, agendaItemTitle: 'Empfehlung Kurzzeitpflege' });

		// Decide from the plenary's resolution on that item.
		expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: null, note: null }))).toBe(
			'resolution_required'
		);
		const resolution = await adoptedResolution();
		expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'rejected', resolutionId: resolution.id, note: null }))).toBe(
			'resolution_outcome_mismatch'
		);
		const adopted = await decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: resolution.id, note: null });
		expect(adopted).toMatchObject({ status: 'adopted', resolutionId: resolution.id });

		// Forward, twice, to two bodies; a date to come is refused.
		const yesterday = new Date(at.getTime() - 86_400_000);
		const tomorrow = new Date(at.getTime() + 86_400_000);
		expect(await refusalOf(forwardRecommendation(data, office, { ...ref(row.id), body: 'Kreistag', forwardedOn: tomorrow, note: null }))).toBe(
			'date_in_future'
		);
		await expect(forwardRecommendation(data, otherOffice, { ...ref(row.id), body: 'Kreistag', forwardedOn: yesterday, note: null })).rejects.toMatchObject({
			status: 403
		});
		expect((await forwardRecommendation(data, office, { ...ref(row.id), body: 'Kreistag', forwardedOn: yesterday, note: 'Vorlage' })).status).toBe('forwarded');
		await forwardRecommendation(data, office, { ...ref(row.id), body: 'Pflegekassen', forwardedOn: yesterday, note: null });

		// Report: the reporter's organisation is kept with it.
		expect(await refusalOf(reportImplementation(data, coordinator, { ...ref(row.id), state: 'planned', note: 'x', reportedOn: tomorrow }))).toBe(
			'date_in_future'
		);
		const report = await reportImplementation(data, coordinator, { ...ref(row.id), state: 'planned', note: 'Mittel eingeplant.', reportedOn: yesterday });
		expect(report).toMatchObject({ state: 'planned', reporterPersonId: 'coord', reporterOrganisation: 'Pflegestützpunkt' });

		// All at the same moment: compared as a set, in a fixed order.
		const byName = (a: string[], b: string[]) => a.join().localeCompare(b.join());
		expect((await eventsOf(row.id)).map((e) => [e.event, e.body ?? '']).sort(byName)).toEqual(
			[
				['created', ''],
				['agreed', ''],
				['reopened', ''],
				['agreed', ''],
				['submitted', ''],
				['scheduled', ''],
				['adopted', ''],
				['forwarded', 'Kreistag'],
				['forwarded', 'Pflegekassen']
			].sort(byName)
		);
		const { auditLog } = data.t;
		const audited = await data.q
			.select({ action: auditLog.action })
			.from(auditLog)
			.where(and(eq(auditLog.subjectType, 'recommendation'), eq(auditLog.subjectId, row.id)));
		expect(audited.map((a) => a.action).sort()).toEqual(
			[
				'recommendation.create',
				'recommendation.agree',
				'recommendation.reopen',
				'recommendation.agree',
				'recommendation.submit',
				'recommendation.schedule',
				'recommendation.decide',
				'recommendation.forward',
				'recommendation.forward',
				'recommendation.report'
			].sort()
		);
	});

	it('a referral back without a vote returns the text to the group', async () => {
		const row = await submitted();
		expect(await refusalOf(decideRecommendation(data, office, { ...ref(row.id), outcome: 'adopted', resolutionId: null, note: null }))).toBe(
			'recommendation_not_scheduled'
		);
		const referred = await decideRecommendation(data, moderator, { ...ref(row.id), outcome: 'referred_back', resolutionId: null, note: 'Finanzierung fehlt' });
		expect(referred.status).toBe('referred_back');
		await write(row.id, { proposal: 'Mit Finanzierungsplan' });
		expect((await agreeOnRecommendation(data, coordinator, ref(row.id))).proposal).toBe('Mit Finanzierungsplan');
	});

	it('two instances taking the same step at once: one takes it, the other reads it taken', async () => {
		const row = await createRecommendation(data, groupMember, { conferenceId: 'north', groupId: 'g1', title: TEXTS.title, now: at });
		await write(row.id, TEXTS);
		// Two instances on PostgreSQL; on SQLite the handle's turns (one connection, the write lock) do it.
		const [one, two] = dialect === 'postgres' ? [await db.another(), await db.another()] : [data, data];
		const barrier = dialect === 'postgres' ? await holdRecommendationRow(await db.another(), row.id) : null;
		const agrees = [one, two].map((handle) => refusalOf(agreeOnRecommendation(handle, coordinator, ref(row.id))));
		if (barrier) {
			// Both passed the check before the transaction and wait on the row: then they go.
			await waitFor(async () => (await lockWaits(data)) >= 2, 'both agrees waiting on the row');
			barrier.release();
			await barrier.held;
		}
		expect((await Promise.all(agrees)).sort()).toEqual(['recommendation_wrong_step', undefined]);
		expect((await eventsOf(row.id)).filter((e) => e.event === 'agreed')).toHaveLength(1);
		expect(await statusOf(row.id)).toBe('agreed');
	});

	it('a referral and an adoption at once: the second reads the first decision and is refused', async () => {
		const row = await submitted();
		await scheduleRecommendation(data, office, { ...ref(row.id), sessionId: 's1', agendaItemId: itemId });
		const resolution = await adoptedResolution();
		// Two instances on PostgreSQL; on SQLite the handle's turns (one connection, the write lock) do it.
		const [one, two] = dialect === 'postgres' ? [await db.another(), await db.another()] : [data, data];
		const barrier = dialect === 'postgres' ? await holdRecommendationRow(await db.another(), row.id) : null;
		const decisions = [
			refusalOf(decideRecommendation(one, office, { ...ref(row.id), outcome: 'adopted', resolutionId: resolution.id, note: null })),
			refusalOf(decideRecommendation(two, moderator, { ...ref(row.id), outcome: 'referred_back', resolutionId: null, note: null }))
		];
		if (barrier) {
			await waitFor(async () => (await lockWaits(data)) >= 2, 'both decisions waiting on the row');
			barrier.release();
			await barrier.held;
		}
		const codes = await Promise.all(decisions);
		expect(codes.filter((code) => code === undefined)).toHaveLength(1);
		expect(codes.filter((code) => code === 'recommendation_wrong_step')).toHaveLength(1);
		const decided = (await eventsOf(row.id)).filter((e) => e.event === 'adopted' || e.event === 'referred_back');
		expect(decided).toHaveLength(1);
		expect(await statusOf(row.id)).toBe(decided[0].event);
	});
});
