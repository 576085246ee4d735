import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type * as Y from 'yjs';
import { plenaryDoc } from '../../collab/docNames';
import { readRecommendationTexts, recommendationDoc } from '../../collab/recommendationDoc';
import { readAgenda } from '../../plenary/agenda';
import {
	isEditable,
	isPublic,
	PUBLIC_STATUSES,
	publicStage,
	type ImplementationState,
	type PublicStage,
	type RecommendationStatus,
	type RecommendationTexts
} from '../../recommendations/status';
import { first, type Data, type Tables } from '../db/client';
import { BrokenDocument } from '../collab/brokenDocuments';
import { readDocumentOn } from '../collab/readDocument';
import type { Actor } from '../policies';
import { can } from '../policies/can';
import { listGroups } from './groups';

type Row = Tables['recommendations']['$inferSelect'];
/** What the frozen copy is made of: a row of either schema (the easy pages still read SQLite's). */
type FrozenRow = Pick<Row, 'title' | 'problem' | 'proposal' | 'responsibleBodies' | 'easySummary'>;

/**
 * `readDocumentOn` for a page that shows a document among other things: null when the document
 * cannot be opened (as `readDocumentUnlessBroken`), so the page shows everything else.
 */
async function readUnlessBroken<T>(data: Data, docName: string, fn: (doc: Y.Doc) => T): Promise<T | null> {
	try {
		return await readDocumentOn(data, docName, fn);
	} catch (error) {
		if (error instanceof BrokenDocument) return null;
		throw error;
	}
}

/**
 * The title as people see it now: a text still being written is read from its shared document;
 * an agreed one from its frozen copy.
 */
async function withCurrentTitle<T extends { id: string; status: RecommendationStatus; title: string }>(data: Data, rows: T[]): Promise<T[]> {
	const titled: T[] = [];
	for (const row of rows) {
		if (!isEditable(row.status)) {
			titled.push(row);
			continue;
		}
		// A document that cannot be opened keeps the list whole: the title the database has stands in.
		const live = await readUnlessBroken(data, recommendationDoc(row.id), (doc) => doc.getText('title').toString().trim());
		titled.push(live ? { ...row, title: live } : row);
	}
	return titled;
}

const listColumnsOf = ({ recommendations, workingGroups }: Tables) => ({
	id: recommendations.id,
	title: recommendations.title,
	status: recommendations.status,
	statusChangedAt: recommendations.statusChangedAt,
	groupId: recommendations.groupId,
	groupName: workingGroups.name
});

/** A group's recommendations, the most recently moved first. */
export async function listGroupRecommendations(data: Data, groupId: string) {
	const { recommendations, workingGroups } = data.t;
	const rows = await data.q
		.select(listColumnsOf(data.t))
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(eq(recommendations.groupId, groupId))
		.orderBy(desc(recommendations.statusChangedAt));
	return withCurrentTitle(data, rows);
}

/** The conference's recommendations the actor may see, filtered by group and status. */
export async function listConferenceRecommendations(
	data: Data,
	actor: Actor,
	conferenceId: string,
	filter: { groupId?: string | null; status?: RecommendationStatus | null } = {}
) {
	const { recommendations, workingGroups } = data.t;
	const rows = (
		await data.q
			.select(listColumnsOf(data.t))
			.from(recommendations)
			.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
			.where(
				and(
					eq(recommendations.conferenceId, conferenceId),
					filter.groupId ? eq(recommendations.groupId, filter.groupId) : undefined,
					filter.status ? eq(recommendations.status, filter.status) : undefined
				)
			)
			.orderBy(desc(recommendations.statusChangedAt))
	).filter((row) => can(actor, 'recommendation.view', { conferenceId, groupId: row.groupId, status: row.status }));
	return withCurrentTitle(data, rows);
}

/**
 * The groups a person can filter the conference's recommendations by: those they may open, and
 * those whose recommendations they may read (a guest reads what the plenary adopted, and from
 * which group, but opens no group). No other group's name is theirs to see.
 */
export async function recommendationGroupsVisibleTo(data: Data, actor: Actor, conferenceId: string) {
	const { recommendations } = data.t;
	const withReadable = new Set(
		(
			await data.q
				.select({ groupId: recommendations.groupId, status: recommendations.status })
				.from(recommendations)
				.where(eq(recommendations.conferenceId, conferenceId))
		)
			.filter((row) => can(actor, 'recommendation.view', { conferenceId, ...row }))
			.map((row) => row.groupId)
	);
	return (await listGroups(data, conferenceId))
		.filter((group) => withReadable.has(group.id) || can(actor, 'group.view', { conferenceId, groupId: group.id }))
		.map(({ id, name }) => ({ id, name }));
}

export async function getRecommendation(data: Data, conferenceId: string, recommendationId: string) {
	const { recommendations, workingGroups } = data.t;
	return first(
		await data.q
			.select({ recommendation: recommendations, groupName: workingGroups.name })
			.from(recommendations)
			.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
			.where(and(eq(recommendations.id, recommendationId), eq(recommendations.conferenceId, conferenceId)))
	);
}

/**
 * The texts to show: the frozen copy once agreed, else the shared document as it stands (the
 * stored texts where it cannot be opened, `broken`: then the page says why it shows no editor).
 */
export async function currentRecommendationTexts(data: Data, row: Row): Promise<{ texts: RecommendationTexts; broken: boolean }> {
	if (!isEditable(row.status) && row.frozenAt !== null) return { texts: frozenTexts(row), broken: false };
	const texts = await readUnlessBroken(data, recommendationDoc(row.id), readRecommendationTexts);
	return texts ? { texts, broken: false } : { texts: frozenTexts(row), broken: true };
}

function frozenTexts(row: FrozenRow): RecommendationTexts {
	return {
		title: row.title,
		problem: row.problem ?? '',
		proposal: row.proposal ?? '',
		responsibleBodies: row.responsibleBodies ?? '',
		easySummary: row.easySummary ?? ''
	};
}

/** The status history, oldest first, with who took each step and the session and resolution it names. */
export async function recommendationHistory(data: Data, recommendationId: string) {
	const { people, plenarySessions, recommendationEvents, resolutions } = data.t;
	const byPerson = alias(people, 'by_person');
	return await data.q
		.select({
			id: recommendationEvents.id,
			event: recommendationEvents.event,
			at: recommendationEvents.at,
			byName: byPerson.displayName,
			sessionId: recommendationEvents.sessionId,
			sessionTitle: plenarySessions.title,
			resolutionNumber: resolutions.number,
			resolutionOutcome: resolutions.outcome,
			resolutionDecidedAt: resolutions.decidedAt,
			body: recommendationEvents.body,
			forwardedOn: recommendationEvents.forwardedOn,
			note: recommendationEvents.note
		})
		.from(recommendationEvents)
		.leftJoin(byPerson, eq(byPerson.id, recommendationEvents.byPersonId))
		.leftJoin(plenarySessions, eq(plenarySessions.id, recommendationEvents.sessionId))
		.leftJoin(resolutions, eq(resolutions.id, recommendationEvents.resolutionId))
		.where(eq(recommendationEvents.recommendationId, recommendationId))
		.orderBy(asc(recommendationEvents.at), asc(recommendationEvents.id));
}

/** Implementation reports, newest first, with the reporter's name (for members) and organisation. */
export async function implementationReports(data: Data, recommendationId: string) {
	const { people, recommendationUpdates } = data.t;
	return await data.q
		.select({
			id: recommendationUpdates.id,
			state: recommendationUpdates.state,
			note: recommendationUpdates.note,
			reportedOn: recommendationUpdates.reportedOn,
			reporterName: people.displayName,
			reporterOrganisation: recommendationUpdates.reporterOrganisation
		})
		.from(recommendationUpdates)
		.leftJoin(people, eq(people.id, recommendationUpdates.reporterPersonId))
		.where(eq(recommendationUpdates.recommendationId, recommendationId))
		.orderBy(desc(recommendationUpdates.reportedOn), desc(recommendationUpdates.createdAt));
}

/** The session and agenda item a recommendation is on, and the resolution it was decided by. */
export async function plenaryLink(data: Data, row: Row) {
	const { plenarySessions, resolutions } = data.t;
	const session = row.sessionId
		? first(
				await data.q
					.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
					.from(plenarySessions)
					.where(eq(plenarySessions.id, row.sessionId))
			)
		: undefined;
	const resolution = row.resolutionId ? first(await data.q.select().from(resolutions).where(eq(resolutions.id, row.resolutionId))) : undefined;
	return {
		session: session ?? null,
		agendaItemTitle: row.agendaItemTitle,
		resolution: resolution ? { number: resolution.number, outcome: resolution.outcome, decidedAt: resolution.decidedAt, sessionId: resolution.sessionId } : null
	};
}

/**
 * Agenda items a recommendation can be put on: items to discuss or decide in the conference's
 * sittings from yesterday on (a sitting may run late; older ones have made their decisions).
 */
export async function agendaItemsForScheduling(data: Data, conferenceId: string, now = new Date()) {
	const { plenarySessions } = data.t;
	const sessions = await data.q
		.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
		.from(plenarySessions)
		.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, new Date(now.getTime() - 86_400_000))))
		.orderBy(asc(plenarySessions.startsAt));
	const items = [];
	for (const session of sessions) {
		// A session whose document cannot be opened offers no items; the others still do.
		const agenda = (await readUnlessBroken(data, plenaryDoc(session.id), readAgenda)) ?? [];
		for (const item of agenda) {
			if (item.type !== 'decision' && item.type !== 'discussion') continue;
			items.push({
				sessionId: session.id,
				sessionTitle: session.title,
				startsAt: session.startsAt,
				agendaItemId: item.id,
				number: item.number,
				title: item.title
			});
		}
	}
	return items;
}

/** The resolutions taken on one agenda item, in order: what the plenary decision can be recorded from. */
export async function resolutionsForItem(data: Data, sessionId: string, agendaItemId: string) {
	const { resolutions } = data.t;
	return await data.q
		.select({ id: resolutions.id, number: resolutions.number, outcome: resolutions.outcome, motion: resolutions.motion, decidedAt: resolutions.decidedAt })
		.from(resolutions)
		.where(and(eq(resolutions.sessionId, sessionId), eq(resolutions.agendaItemId, agendaItemId)))
		.orderBy(asc(resolutions.number));
}

// ——— Public: what the plenary adopted, without a sign-in and without anyone's name ———

/** When the plenary adopted it (the adoption entry carries the resolution's time). */
async function adoptedAt(data: Data, recommendationId: string): Promise<Date | null> {
	const { recommendationEvents } = data.t;
	return (
		first(
			await data.q
				.select({ at: recommendationEvents.at })
				.from(recommendationEvents)
				.where(and(eq(recommendationEvents.recommendationId, recommendationId), eq(recommendationEvents.event, 'adopted')))
				.orderBy(desc(recommendationEvents.at))
		)?.at ?? null
	);
}

async function latestReport(data: Data, recommendationId: string): Promise<ImplementationState | null> {
	const { recommendationUpdates } = data.t;
	return (
		first(
			await data.q
				.select({ state: recommendationUpdates.state })
				.from(recommendationUpdates)
				.where(eq(recommendationUpdates.recommendationId, recommendationId))
				.orderBy(desc(recommendationUpdates.reportedOn), desc(recommendationUpdates.createdAt))
		)?.state ?? null
	);
}

/** Adopted recommendations of a conference, with where each stands now; filtered by group and stage. */
export async function listPublicRecommendations(data: Data, conferenceId: string, filter: { groupId?: string | null; stage?: PublicStage | null } = {}) {
	const { recommendations, workingGroups } = data.t;
	const rows = await data.q
		.select({
			id: recommendations.id,
			title: recommendations.title,
			status: recommendations.status,
			groupId: recommendations.groupId,
			groupName: workingGroups.name,
			easySummary: recommendations.easySummary
		})
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(
			and(
				eq(recommendations.conferenceId, conferenceId),
				inArray(recommendations.status, [...PUBLIC_STATUSES]),
				filter.groupId ? eq(recommendations.groupId, filter.groupId) : undefined
			)
		);
	const staged = await Promise.all(
		rows.map(async (row) => ({ ...row, stage: publicStage(row.status, await latestReport(data, row.id))!, adoptedAt: await adoptedAt(data, row.id) }))
	);
	return staged.filter((row) => !filter.stage || row.stage === filter.stage).sort((a, b) => (b.adoptedAt?.getTime() ?? 0) - (a.adoptedAt?.getTime() ?? 0));
}

/** The groups that have adopted recommendations: the choices of the public filter. */
export async function publicRecommendationGroups(data: Data, conferenceId: string) {
	const { recommendations, workingGroups } = data.t;
	return await data.q
		.selectDistinct({ id: workingGroups.id, name: workingGroups.name })
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(and(eq(recommendations.conferenceId, conferenceId), inArray(recommendations.status, [...PUBLIC_STATUSES])))
		.orderBy(asc(workingGroups.name));
}

/**
 * One adopted recommendation for the public: the frozen text, its history from the agreement
 * in the group on, and the implementation reports. Reporters appear by organisation only
 * (a self-advocate's name is not published), and no one who took a step is named.
 */
export async function getPublicRecommendation(data: Data, conferenceId: string, recommendationId: string) {
	const found = await getRecommendation(data, conferenceId, recommendationId);
	if (!found || !isPublic(found.recommendation.status)) return undefined;
	const row = found.recommendation;
	const history = (await recommendationHistory(data, row.id))
		.filter((entry) => entry.event !== 'created' && entry.event !== 'reopened')
		.map(({ event, at, sessionTitle, resolutionNumber, resolutionOutcome, resolutionDecidedAt, body, forwardedOn }) => ({
			event,
			at,
			sessionTitle,
			resolutionNumber,
			resolutionOutcome,
			resolutionDecidedAt,
			body,
			forwardedOn
		}));
	const reports = (await implementationReports(data, row.id)).map(({ id, state, note, reportedOn, reporterOrganisation }) => ({
		id,
		state,
		note,
		reportedOn,
		reporterOrganisation
	}));
	return {
		id: row.id,
		groupId: row.groupId,
		groupName: found.groupName,
		status: row.status,
		stage: publicStage(row.status, reports[0]?.state ?? null)!,
		texts: frozenTexts(row),
		adoptedAt: await adoptedAt(data, row.id),
		history,
		reports
	};
}
