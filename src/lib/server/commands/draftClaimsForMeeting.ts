import type { ClaimMeeting } from '../allowances/draftClaim';
import { draftClaimsForMeetingIn, meetingOfConference } from '../allowances/draftForMeeting';
import type { Db } from '../db';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface DraftClaimsForMeetingInput {
	conferenceId: string;
	meeting: ClaimMeeting;
	origin: string;
	now?: Date;
}

/**
 * The office drafts a meeting's claims now, without waiting for the job that does it after every
 * meeting (a person marked eligible late, an attendance list corrected). Claims already there are
 * left as they are.
 */
export function draftClaimsForMeeting(db: Db, actor: Actor, input: DraftClaimsForMeetingInput): { drafted: string[]; existing: number } {
	authorize(actor, 'claim.draft', { conferenceId: input.conferenceId });
	return transact(db, (tx, effects) => {
		if (!meetingOfConference(tx, input.conferenceId, input.meeting)) throw new CommandError('not_found', 'meeting');
		return draftClaimsForMeetingIn(tx, effects, actor, { ...input, now: input.now ?? new Date() });
	});
}
