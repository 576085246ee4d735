import type { DataEffects } from '../effects/transactOn';
import type { ClaimMeeting } from './draftClaim';

/** Where a mail's links point when the command had no request to take it from (the demo, a script). */
export const mailOrigin = (origin?: string) => origin ?? process.env.ORIGIN ?? 'http://localhost:3000';

/** A sitting has no set length; most end within an afternoon. Drafting waits this long after its start. */
export const SITTING_DRAFT_DELAY_MS = 4 * 60 * 60 * 1000;

/** One drafting job per meeting: every check-in asks for it, the first one queued answers them all. */
export const draftClaimsJobKey = (meeting: ClaimMeeting) =>
	'sessionId' in meeting ? `allowances.draftClaims:session:${meeting.sessionId}` : `allowances.draftClaims:meeting:${meeting.groupMeetingId}`;

/**
 * Asks, inside the transaction that records attendance, for the meeting's claims to be drafted
 * once it is over, so a claim appears without anyone doing anything. After the meeting, not at
 * once: the office still corrects the list during it, and a person is told of their claim once.
 * Attendance recorded after the meeting is drafted at once. Another check-in while the job waits
 * queues nothing more (same key); one after it ran queues a new one, which drafts only what is new.
 */
export async function scheduleClaimDraftingOn(effects: DataEffects, input: DraftingInput): Promise<void> {
	await effects.job('allowances.draftClaims', ...draftingJob(input));
}

interface DraftingInput {
	conferenceId: string;
	meeting: ClaimMeeting;
	startsAt: Date;
	durationMinutes: number | null;
	origin?: string;
	now: Date;
}

function draftingJob(input: DraftingInput) {
	const end = input.startsAt.getTime() + (input.durationMinutes === null ? SITTING_DRAFT_DELAY_MS : input.durationMinutes * 60_000);
	return [
		{ conferenceId: input.conferenceId, meeting: input.meeting, origin: mailOrigin(input.origin) },
		{ key: draftClaimsJobKey(input.meeting), runAt: new Date(Math.max(end, input.now.getTime())), conferenceId: input.conferenceId }
	] as const;
}
