import { sourceFingerprint } from '../../../easy/versions';
import type { RecommendationStatus } from '../../../recommendations/status';
import type { EasySubject } from '../../easy/sources';
import type { EasyTextSubject, MeetingSubject, RecommendationSubject } from './types';

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

/** What the policies are asked about a text and its stored version (null: none yet). */
export function easyTextSubject(
	text: EasySubject,
	stored: { status: 'draft' | 'checked'; writtenByPersonId: string | null; sourceFingerprint: string } | null
): EasyTextSubject {
	return {
		conferenceId: text.conferenceId,
		kind: text.kind,
		groupId: text.groupId,
		status: stored?.status ?? 'missing',
		writtenByPersonId: stored?.writtenByPersonId ?? null,
		outdated: stored !== null && stored.sourceFingerprint !== sourceFingerprint(text.standardText)
	};
}
