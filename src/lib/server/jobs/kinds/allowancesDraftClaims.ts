import { draftClaimsForMeetingOn } from '../../allowances/draftForMeeting';
import type { ClaimMeeting } from '../../allowances/draftClaim';
import { transactOn } from '../../effects';
import { SYSTEM } from '../../policies';
import { objectPayload, PermanentJobError, stringField, type JobHandler } from '../types';

/** Which meeting's claims to draft, of which conference, and where the mails' links point. */
export interface DraftClaimsPayload {
	conferenceId: string;
	meeting: ClaimMeeting;
	origin: string;
}

/**
 * Drafts the claims of a meeting once it is over (queued by the commands that record attendance,
 * see allowances/scheduleDrafting.ts). The platform acts, not a person: nobody asked at this
 * moment. Who attended and who is eligible is read when it runs, so late corrections count.
 */
export const allowancesDraftClaims: JobHandler<DraftClaimsPayload> = {
	maxAttempts: 5,
	parse(raw) {
		const o = objectPayload(raw);
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		const meeting = objectPayload(o.meeting);
		const parsed: ClaimMeeting =
			typeof meeting.sessionId === 'string'
				? { sessionId: stringField(meeting, 'sessionId', 64) }
				: { groupMeetingId: stringField(meeting, 'groupMeetingId', 64) };
		return { conferenceId: stringField(o, 'conferenceId', 64), meeting: parsed, origin };
	},
	async run(payload, { data }) {
		await transactOn(data, (tx, effects) => draftClaimsForMeetingOn(data, tx, effects, SYSTEM, { ...payload, now: new Date() }));
	}
};
