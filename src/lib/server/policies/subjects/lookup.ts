import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { preparedFor } from '../../db/prepared';
import {
	claims,
	conferences,
	digests,
	groupMeetings,
	invitationCampaigns,
	meetingMinutes,
	payoutBatches,
	plenarySessions,
	receipts,
	recommendations,
	sittingMinutes,
	workingGroups
} from '../../db/schema';
import type {
	ClaimSubject,
	ConferenceSubject,
	DigestSubject,
	GroupSubject,
	MeetingSubject,
	MinutesSubject,
	PersonSubject,
	PlenarySubject,
	RecommendationSubject,
	SittingMinutesSubject
} from './types';

/**
 * The synchronous twins of lookupOn.ts, kept for the route guard, the document server and the
 * commands still on the synchronous layer; each goes when its last caller moves.
 *
 * What the ids in a URL name, as the policies are asked about them: each with the conference
 * and group it belongs to, so a caller can tell whether it belongs where the URL puts it. The
 * route guard asks these on every request: one prepared, indexed lookup each.
 */
const lookups = preparedFor((db) => ({
	conference: db
		.select({ id: conferences.id })
		.from(conferences)
		.where(eq(conferences.id, sql.placeholder('id')))
		.prepare(),
	group: db
		.select({ conferenceId: workingGroups.conferenceId, groupId: workingGroups.id })
		.from(workingGroups)
		.where(eq(workingGroups.id, sql.placeholder('id')))
		.prepare(),
	meeting: db
		.select({
			conferenceId: workingGroups.conferenceId,
			groupId: groupMeetings.groupId,
			moderatorPersonId: groupMeetings.moderatorPersonId,
			minuteTakerPersonId: groupMeetings.minuteTakerPersonId
		})
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.where(eq(groupMeetings.id, sql.placeholder('id')))
		.prepare(),
	session: db
		.select({ conferenceId: plenarySessions.conferenceId, sessionId: plenarySessions.id })
		.from(plenarySessions)
		.where(eq(plenarySessions.id, sql.placeholder('id')))
		.prepare(),
	recommendation: db
		.select({ conferenceId: recommendations.conferenceId, groupId: recommendations.groupId, status: recommendations.status })
		.from(recommendations)
		.where(eq(recommendations.id, sql.placeholder('id')))
		.prepare(),
	claim: db
		.select({ conferenceId: claims.conferenceId, personId: claims.personId, status: claims.status, approvedByPersonId: claims.approvedByPersonId })
		.from(claims)
		.where(eq(claims.id, sql.placeholder('id')))
		.prepare(),
	receipt: db
		.select({ conferenceId: receipts.conferenceId, personId: receipts.personId })
		.from(receipts)
		.where(eq(receipts.id, sql.placeholder('id')))
		.prepare(),
	batch: db
		.select({ conferenceId: payoutBatches.conferenceId })
		.from(payoutBatches)
		.where(eq(payoutBatches.id, sql.placeholder('id')))
		.prepare(),
	digest: db
		.select({ conferenceId: digests.conferenceId, state: digests.state })
		.from(digests)
		.where(eq(digests.id, sql.placeholder('id')))
		.prepare(),
	campaign: db
		.select({ conferenceId: invitationCampaigns.conferenceId })
		.from(invitationCampaigns)
		.where(eq(invitationCampaigns.id, sql.placeholder('id')))
		.prepare()
}));

/** A claim for an allowance, as the policies see it. */
export function claimSubjectById(db: Db, claimId: string): ClaimSubject | undefined {
	return lookups(db).claim.get({ id: claimId });
}

/** A receipt belongs to a person of a conference: `receipt.view` is asked about them. */
export function receiptSubjectById(db: Db, receiptId: string): PersonSubject | undefined {
	return lookups(db).receipt.get({ id: receiptId });
}

/** A payout batch, seen by the office of its conference. */
export function payoutBatchSubjectById(db: Db, batchId: string): ConferenceSubject | undefined {
	return lookups(db).batch.get({ id: batchId });
}

/** A newsletter issue: a draft is its editors', a published one everyone's. */
export function digestSubjectById(db: Db, digestId: string): DigestSubject | undefined {
	return lookups(db).digest.get({ id: digestId });
}

/** An invitation round: the conference it belongs to. */
export function campaignSubjectById(db: Db, campaignId: string): ConferenceSubject | undefined {
	return lookups(db).campaign.get({ id: campaignId });
}

export function conferenceExists(db: Db, conferenceId: string): boolean {
	return lookups(db).conference.get({ id: conferenceId }) !== undefined;
}

export function groupSubject(db: Db, groupId: string): GroupSubject | undefined {
	return lookups(db).group.get({ id: groupId });
}

export function meetingSubjectById(db: Db, meetingId: string): MeetingSubject | undefined {
	return lookups(db).meeting.get({ id: meetingId });
}

export function plenarySubject(db: Db, sessionId: string): PlenarySubject | undefined {
	return lookups(db).session.get({ id: sessionId });
}

export function recommendationSubjectById(db: Db, recommendationId: string): RecommendationSubject | undefined {
	return lookups(db).recommendation.get({ id: recommendationId });
}

/** The policies' subject for a meeting's minutes, found from the meeting alone (the document server knows only that). */
export function findMinutesSubject(db: Pick<Db, 'select'>, meetingId: string): MinutesSubject | null {
	const found = db
		.select({
			conferenceId: workingGroups.conferenceId,
			groupId: groupMeetings.groupId,
			moderatorPersonId: groupMeetings.moderatorPersonId,
			minuteTakerPersonId: groupMeetings.minuteTakerPersonId,
			status: meetingMinutes.status
		})
		.from(groupMeetings)
		.innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
		.leftJoin(meetingMinutes, eq(meetingMinutes.meetingId, groupMeetings.id))
		.where(eq(groupMeetings.id, meetingId))
		.get();
	return minutesSubjectOf(found);
}

/** A meeting's minutes without a row yet are a draft; shared by both forms of the lookup. */
export function minutesSubjectOf(found: (Omit<MinutesSubject, 'status'> & { status: MinutesSubject['status'] | null }) | undefined): MinutesSubject | null {
	return found ? { ...found, status: found.status ?? 'draft' } : null;
}

/** The policies' subject for a sitting's minutes, found from the sitting alone (the document server knows only that). */
export function findSittingMinutesSubject(db: Pick<Db, 'select'>, sessionId: string): SittingMinutesSubject | null {
	const found = db
		.select({
			conferenceId: plenarySessions.conferenceId,
			sessionId: plenarySessions.id,
			minuteTakerPersonId: sittingMinutes.minuteTakerPersonId,
			status: sittingMinutes.status
		})
		.from(plenarySessions)
		.leftJoin(sittingMinutes, eq(sittingMinutes.sessionId, plenarySessions.id))
		.where(eq(plenarySessions.id, sessionId))
		.get();
	return sittingMinutesSubjectOf(found);
}

/** A sitting's minutes without a row yet are a draft with no minute taker; shared by both forms of the lookup. */
export function sittingMinutesSubjectOf(
	found: { conferenceId: string; sessionId: string; minuteTakerPersonId: string | null; status: SittingMinutesSubject['status'] | null } | undefined
): SittingMinutesSubject | null {
	return found ? { ...found, minuteTakerPersonId: found.minuteTakerPersonId ?? null, status: found.status ?? 'draft' } : null;
}
