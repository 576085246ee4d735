/**
 * What an action is about, and how it is built: from a row the caller has (build.ts), or looked
 * up by id (lookupOn.ts, for the route guard, the pages and the document server). The rules themselves never
 * query; everything that turns data into a subject lives here, so a page, a command and the
 * document server ask about the same thing in the same shape.
 */
export type * from './types';
export { easyTextSubject, meetingSubject, recommendationSubject } from './build';
export {
	conferenceExistsOn,
	groupSubjectOn,
	meetingSubjectByIdOn,
	plenarySubjectOn,
	recommendationSubjectByIdOn,
	findMinutesSubjectOn,
	findSittingMinutesSubjectOn,
	claimSubjectByIdOn,
	receiptSubjectByIdOn,
	payoutBatchSubjectByIdOn,
	digestSubjectByIdOn,
	campaignSubjectByIdOn
} from './lookupOn';
