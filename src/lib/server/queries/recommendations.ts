import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
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
import type { Db } from '../db';
import { sqliteData } from '../db/client';
import { people, plenarySessions, recommendationEvents, recommendations, recommendationUpdates, resolutions, workingGroups } from '../db/schema';
import { readDocumentUnlessBroken } from '../collab/readDocument';
import type { Actor } from '../policies';
import { can } from '../policies/can';
import { listGroups } from './groups';

type Row = typeof recommendations.$inferSelect;

/**
 * The title as people see it now: a text still being written is read from its shared document;
 * an agreed one from its frozen copy.
 */
function withCurrentTitle<T extends { id: string; status: RecommendationStatus; title: string }>(db: Db, rows: T[]): T[] {
	return rows.map((row) => {
		if (!isEditable(row.status)) return row;
		// A document that cannot be opened keeps the list whole: the title SQLite has stands in.
		const live = readDocumentUnlessBroken(db, recommendationDoc(row.id), (doc) => doc.getText('title').toString().trim());
		return live ? { ...row, title: live } : row;
	});
}

const listColumns = {
	id: recommendations.id,
	title: recommendations.title,
	status: recommendations.status,
	statusChangedAt: recommendations.statusChangedAt,
	groupId: recommendations.groupId,
	groupName: workingGroups.name
};

/** A group's recommendations, the most recently moved first. */
export function listGroupRecommendations(db: Db, groupId: string) {
	const rows = db
		.select(listColumns)
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(eq(recommendations.groupId, groupId))
		.orderBy(desc(recommendations.statusChangedAt))
		.all();
	return withCurrentTitle(db, rows);
}

/** The conference's recommendations the actor may see, filtered by group and status. */
export function listConferenceRecommendations(
	db: Db,
	actor: Actor,
	conferenceId: string,
	filter: { groupId?: string | null; status?: RecommendationStatus | null } = {}
) {
	const rows = db
		.select(listColumns)
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
		.all()
		.filter((row) => can(actor, 'recommendation.view', { conferenceId, groupId: row.groupId, status: row.status }));
	return withCurrentTitle(db, rows);
}

/**
 * The groups a person can filter the conference's recommendations by: those they may open, and
 * those whose recommendations they may read (a guest reads what the plenary adopted, and from
 * which group, but opens no group). No other group's name is theirs to see.
 */
export async function recommendationGroupsVisibleTo(db: Db, actor: Actor, conferenceId: string) {
	const withReadable = new Set(
		db
			.select({ groupId: recommendations.groupId, status: recommendations.status })
			.from(recommendations)
			.where(eq(recommendations.conferenceId, conferenceId))
			.all()
			.filter((row) => can(actor, 'recommendation.view', { conferenceId, ...row }))
			.map((row) => row.groupId)
	);
	// Still on the synchronous layer; the queries already moved run on its connection's data handle.
	return (await listGroups(sqliteData(db.$client), conferenceId))
		.filter((group) => withReadable.has(group.id) || can(actor, 'group.view', { conferenceId, groupId: group.id }))
		.map(({ id, name }) => ({ id, name }));
}

export function getRecommendation(db: Db, conferenceId: string, recommendationId: string) {
	return db
		.select({ recommendation: recommendations, groupName: workingGroups.name })
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(and(eq(recommendations.id, recommendationId), eq(recommendations.conferenceId, conferenceId)))
		.get();
}

/** The texts to show: the frozen copy once agreed, else the shared document as it stands. */
export function recommendationTexts(db: Db, row: Row): RecommendationTexts {
	return currentRecommendationTexts(db, row).texts;
}

/**
 * As `recommendationTexts`, and whether the shared document cannot be opened (`broken`): then the
 * texts are those SQLite last had, and the page says why it shows no editor.
 */
export function currentRecommendationTexts(db: Db, row: Row): { texts: RecommendationTexts; broken: boolean } {
	if (!isEditable(row.status) && row.frozenAt !== null) return { texts: frozenTexts(row), broken: false };
	const texts = readDocumentUnlessBroken(db, recommendationDoc(row.id), readRecommendationTexts);
	return texts ? { texts, broken: false } : { texts: frozenTexts(row), broken: true };
}

function frozenTexts(row: Row): RecommendationTexts {
	return {
		title: row.title,
		problem: row.problem ?? '',
		proposal: row.proposal ?? '',
		responsibleBodies: row.responsibleBodies ?? '',
		easySummary: row.easySummary ?? ''
	};
}

const byPerson = alias(people, 'by_person');

/** The status history, oldest first, with who took each step and the session and resolution it names. */
export function recommendationHistory(db: Db, recommendationId: string) {
	return db
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
		.orderBy(asc(recommendationEvents.at), asc(recommendationEvents.id))
		.all();
}

/** Implementation reports, newest first, with the reporter's name (for members) and organisation. */
export function implementationReports(db: Db, recommendationId: string) {
	return db
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
		.orderBy(desc(recommendationUpdates.reportedOn), desc(recommendationUpdates.createdAt))
		.all();
}

/** The session and agenda item a recommendation is on, and the resolution it was decided by. */
export function plenaryLink(db: Db, row: Row) {
	const session = row.sessionId
		? db
				.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
				.from(plenarySessions)
				.where(eq(plenarySessions.id, row.sessionId))
				.get()
		: undefined;
	const resolution = row.resolutionId ? db.select().from(resolutions).where(eq(resolutions.id, row.resolutionId)).get() : undefined;
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
export function agendaItemsForScheduling(db: Db, conferenceId: string, now = new Date()) {
	const sessions = db
		.select({ id: plenarySessions.id, title: plenarySessions.title, startsAt: plenarySessions.startsAt })
		.from(plenarySessions)
		.where(and(eq(plenarySessions.conferenceId, conferenceId), gte(plenarySessions.startsAt, new Date(now.getTime() - 86_400_000))))
		.orderBy(asc(plenarySessions.startsAt))
		.all();
	return sessions.flatMap((session) => {
		// A session whose document cannot be opened offers no items; the others still do.
		return (readDocumentUnlessBroken(db, plenaryDoc(session.id), readAgenda) ?? [])
			.filter((item) => item.type === 'decision' || item.type === 'discussion')
			.map((item) => ({
				sessionId: session.id,
				sessionTitle: session.title,
				startsAt: session.startsAt,
				agendaItemId: item.id,
				number: item.number,
				title: item.title
			}));
	});
}

/** The resolutions taken on one agenda item, in order: what the plenary decision can be recorded from. */
export function resolutionsForItem(db: Db, sessionId: string, agendaItemId: string) {
	return db
		.select({ id: resolutions.id, number: resolutions.number, outcome: resolutions.outcome, motion: resolutions.motion, decidedAt: resolutions.decidedAt })
		.from(resolutions)
		.where(and(eq(resolutions.sessionId, sessionId), eq(resolutions.agendaItemId, agendaItemId)))
		.orderBy(asc(resolutions.number))
		.all();
}

// ——— Public: what the plenary adopted, without a sign-in and without anyone's name ———

/** When the plenary adopted it (the adoption entry carries the resolution's time). */
function adoptedAt(db: Db, recommendationId: string): Date | null {
	return (
		db
			.select({ at: recommendationEvents.at })
			.from(recommendationEvents)
			.where(and(eq(recommendationEvents.recommendationId, recommendationId), eq(recommendationEvents.event, 'adopted')))
			.orderBy(desc(recommendationEvents.at))
			.get()?.at ?? null
	);
}

function latestReport(db: Db, recommendationId: string): ImplementationState | null {
	return (
		db
			.select({ state: recommendationUpdates.state })
			.from(recommendationUpdates)
			.where(eq(recommendationUpdates.recommendationId, recommendationId))
			.orderBy(desc(recommendationUpdates.reportedOn), desc(recommendationUpdates.createdAt))
			.get()?.state ?? null
	);
}

/** Adopted recommendations of a conference, with where each stands now; filtered by group and stage. */
export function listPublicRecommendations(db: Db, conferenceId: string, filter: { groupId?: string | null; stage?: PublicStage | null } = {}) {
	return db
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
		)
		.all()
		.map((row) => ({ ...row, stage: publicStage(row.status, latestReport(db, row.id))!, adoptedAt: adoptedAt(db, row.id) }))
		.filter((row) => !filter.stage || row.stage === filter.stage)
		.sort((a, b) => (b.adoptedAt?.getTime() ?? 0) - (a.adoptedAt?.getTime() ?? 0));
}

/** The groups that have adopted recommendations: the choices of the public filter. */
export function publicRecommendationGroups(db: Db, conferenceId: string) {
	return db
		.selectDistinct({ id: workingGroups.id, name: workingGroups.name })
		.from(recommendations)
		.innerJoin(workingGroups, eq(workingGroups.id, recommendations.groupId))
		.where(and(eq(recommendations.conferenceId, conferenceId), inArray(recommendations.status, [...PUBLIC_STATUSES])))
		.orderBy(asc(workingGroups.name))
		.all();
}

/**
 * One adopted recommendation for the public: the frozen text, its history from the agreement
 * in the group on, and the implementation reports. Reporters appear by organisation only
 * (a self-advocate's name is not published), and no one who took a step is named.
 */
export function getPublicRecommendation(db: Db, conferenceId: string, recommendationId: string) {
	const found = getRecommendation(db, conferenceId, recommendationId);
	if (!found || !isPublic(found.recommendation.status)) return undefined;
	const row = found.recommendation;
	const history = recommendationHistory(db, row.id)
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
	const reports = implementationReports(db, row.id).map(({ id, state, note, reportedOn, reporterOrganisation }) => ({
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
		adoptedAt: adoptedAt(db, row.id),
		history,
		reports
	};
}
