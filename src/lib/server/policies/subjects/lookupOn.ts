import { eq, sql } from 'drizzle-orm';
import type { Data, Query } from '../../db/client';
import { preparedOn } from '../../db/prepared';
import { minutesSubjectOf, sittingMinutesSubjectOf } from './lookup';
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
 * lookup.ts on the data layer: what the ids in a URL name, as the policies are asked about them,
 * each one prepared, indexed read, on its own or inside a transaction (`tx`). The synchronous
 * forms in lookup.ts stay for their callers until the last one moves.
 */

const conference = preparedOn((q, t) =>
	q
		.select({ id: t.conferences.id })
		.from(t.conferences)
		.where(eq(t.conferences.id, sql.placeholder('id')))
);
const group = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.workingGroups.conferenceId, groupId: t.workingGroups.id })
		.from(t.workingGroups)
		.where(eq(t.workingGroups.id, sql.placeholder('id')))
);
const meeting = preparedOn((q, t) =>
	q
		.select({
			conferenceId: t.workingGroups.conferenceId,
			groupId: t.groupMeetings.groupId,
			moderatorPersonId: t.groupMeetings.moderatorPersonId,
			minuteTakerPersonId: t.groupMeetings.minuteTakerPersonId
		})
		.from(t.groupMeetings)
		.innerJoin(t.workingGroups, eq(t.workingGroups.id, t.groupMeetings.groupId))
		.where(eq(t.groupMeetings.id, sql.placeholder('id')))
);
const session = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.plenarySessions.conferenceId, sessionId: t.plenarySessions.id })
		.from(t.plenarySessions)
		.where(eq(t.plenarySessions.id, sql.placeholder('id')))
);
const recommendation = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.recommendations.conferenceId, groupId: t.recommendations.groupId, status: t.recommendations.status })
		.from(t.recommendations)
		.where(eq(t.recommendations.id, sql.placeholder('id')))
);
const claim = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.claims.conferenceId, personId: t.claims.personId, status: t.claims.status, approvedByPersonId: t.claims.approvedByPersonId })
		.from(t.claims)
		.where(eq(t.claims.id, sql.placeholder('id')))
);
const receipt = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.receipts.conferenceId, personId: t.receipts.personId })
		.from(t.receipts)
		.where(eq(t.receipts.id, sql.placeholder('id')))
);
const batch = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.payoutBatches.conferenceId })
		.from(t.payoutBatches)
		.where(eq(t.payoutBatches.id, sql.placeholder('id')))
);
const digest = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.digests.conferenceId, state: t.digests.state })
		.from(t.digests)
		.where(eq(t.digests.id, sql.placeholder('id')))
);
const campaign = preparedOn((q, t) =>
	q
		.select({ conferenceId: t.invitationCampaigns.conferenceId })
		.from(t.invitationCampaigns)
		.where(eq(t.invitationCampaigns.id, sql.placeholder('id')))
);
const minutes = preparedOn((q, t) =>
	q
		.select({
			conferenceId: t.workingGroups.conferenceId,
			groupId: t.groupMeetings.groupId,
			moderatorPersonId: t.groupMeetings.moderatorPersonId,
			minuteTakerPersonId: t.groupMeetings.minuteTakerPersonId,
			status: t.meetingMinutes.status
		})
		.from(t.groupMeetings)
		.innerJoin(t.workingGroups, eq(t.workingGroups.id, t.groupMeetings.groupId))
		.leftJoin(t.meetingMinutes, eq(t.meetingMinutes.meetingId, t.groupMeetings.id))
		.where(eq(t.groupMeetings.id, sql.placeholder('id')))
);
const sittingMinutes = preparedOn((q, t) =>
	q
		.select({
			conferenceId: t.plenarySessions.conferenceId,
			sessionId: t.plenarySessions.id,
			minuteTakerPersonId: t.sittingMinutes.minuteTakerPersonId,
			status: t.sittingMinutes.status
		})
		.from(t.plenarySessions)
		.leftJoin(t.sittingMinutes, eq(t.sittingMinutes.sessionId, t.plenarySessions.id))
		.where(eq(t.plenarySessions.id, sql.placeholder('id')))
);

export async function conferenceExistsOn(data: Data, conferenceId: string, tx?: Query): Promise<boolean> {
	return (await conference(data).first({ id: conferenceId }, tx)) !== undefined;
}
export const groupSubjectOn = (data: Data, groupId: string, tx?: Query): Promise<GroupSubject | undefined> => group(data).first({ id: groupId }, tx);
export const meetingSubjectByIdOn = (data: Data, meetingId: string, tx?: Query): Promise<MeetingSubject | undefined> =>
	meeting(data).first({ id: meetingId }, tx);
export const plenarySubjectOn = (data: Data, sessionId: string, tx?: Query): Promise<PlenarySubject | undefined> => session(data).first({ id: sessionId }, tx);
export const recommendationSubjectByIdOn = (data: Data, recommendationId: string, tx?: Query): Promise<RecommendationSubject | undefined> =>
	recommendation(data).first({ id: recommendationId }, tx);
export const claimSubjectByIdOn = (data: Data, claimId: string, tx?: Query): Promise<ClaimSubject | undefined> => claim(data).first({ id: claimId }, tx);
export const receiptSubjectByIdOn = (data: Data, receiptId: string, tx?: Query): Promise<PersonSubject | undefined> =>
	receipt(data).first({ id: receiptId }, tx);
export const payoutBatchSubjectByIdOn = (data: Data, batchId: string, tx?: Query): Promise<ConferenceSubject | undefined> =>
	batch(data).first({ id: batchId }, tx);
export const digestSubjectByIdOn = (data: Data, digestId: string, tx?: Query): Promise<DigestSubject | undefined> => digest(data).first({ id: digestId }, tx);
export const campaignSubjectByIdOn = (data: Data, campaignId: string, tx?: Query): Promise<ConferenceSubject | undefined> =>
	campaign(data).first({ id: campaignId }, tx);
export async function findMinutesSubjectOn(data: Data, meetingId: string, tx?: Query): Promise<MinutesSubject | null> {
	return minutesSubjectOf(await minutes(data).first({ id: meetingId }, tx));
}
export async function findSittingMinutesSubjectOn(data: Data, sessionId: string, tx?: Query): Promise<SittingMinutesSubject | null> {
	return sittingMinutesSubjectOf(await sittingMinutes(data).first({ id: sessionId }, tx));
}
