import type { RecommendationStatus } from '../../../recommendations/status';
import type { MeetingSubject, RecommendationSubject } from './types';

/** What the policies are asked about a meeting, from its row. */
export function meetingSubject(
	conferenceId: string,
	meeting: { groupId: string; moderatorPersonId: string | null; minuteTakerPersonId: string | null }
): MeetingSubject {
	return { conferenceId, groupId: meeting.groupId, moderatorPersonId: meeting.moderatorPersonId, minuteTakerPersonId: meeting.minuteTakerPersonId };
}

/** What the policies are asked about a recommendation, from its row. */
export function recommendationSubject(row: { conferenceId: string; groupId: string; status: RecommendationStatus }): RecommendationSubject {
	return { conferenceId: row.conferenceId, groupId: row.groupId, status: row.status };
}
