import type { ClaimMeeting } from '../allowances/draftClaim';
import { draftClaimsForMeetingOn, meetingOfConferenceOn } from '../allowances/draftForMeeting';
import type { Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
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
 * left as they are. The conference's row is held before the claims are looked up and numbered
 * (`draftClaimsOn`), so two draftings at once make each claim once, numbered without gaps.
 */
export async function draftClaimsForMeeting(data: Data, actor: Actor, input: DraftClaimsForMeetingInput): Promise<{ drafted: string[]; existing: number }> {
	authorize(actor, 'claim.draft', { conferenceId: input.conferenceId });
	return transactOn(data, async (tx, effects) => {
		if (!(await meetingOfConferenceOn(data, tx, input.conferenceId, input.meeting))) throw new CommandError('not_found', 'meeting');
		return draftClaimsForMeetingOn(data, tx, effects, actor, { ...input, now: input.now ?? new Date() });
	});
}
