import { eq } from 'drizzle-orm';
import { changedRows, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, meetingSubject, type Actor } from '../policies';
import type { MeetingAttendanceInput } from './markMeetingPresent';
import { cancelClaimOnAttendanceOn } from '../allowances/cancelOnAttendance';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';
import { findMeetingAttendance, requireMeetingOn } from './support/meetings';

/**
 * A mark made in error is taken back; the change log keeps what it was. A claim for an allowance
 * resting on it is cancelled with it, or, once paid, the removal is refused. Of two removals at
 * once on PostgreSQL, the second's delete waits for the first's and then removes nothing: it is
 * refused as `not_present`, and what it did before rolls back.
 */
export async function removeMeetingAttendance(data: Data, actor: Actor, input: MeetingAttendanceInput) {
	const { meetingAttendance } = data.t;
	await transactOn(data, async (tx, effects) => {
		const meeting = await requireMeetingOn(data, input.conferenceId, input.groupId, input.meetingId, tx);
		authorize(actor, 'meetingAttendance.record', meetingSubject(input.conferenceId, meeting));
		const existing = await findMeetingAttendance(data, tx, meeting.id, input.personId);
		if (!existing) throw new CommandError('not_present', 'personId');
		await cancelClaimOnAttendanceOn(data, tx, effects, actor, {
			conferenceId: input.conferenceId,
			personId: existing.personId,
			meeting: { groupMeetingId: meeting.id },
			origin: input.origin,
			now: input.now ?? new Date()
		});
		if (changedRows(await tx.delete(meetingAttendance).where(eq(meetingAttendance.id, existing.id))) === 0) throw new CommandError('not_present', 'personId');
		await recordAuditIn(data, tx, actor, {
			action: 'meetingAttendance.remove',
			conferenceId: input.conferenceId,
			subjectType: 'meeting',
			subjectId: meeting.id,
			before: { personId: existing.personId, recordedAt: existing.recordedAt.toISOString() }
		});
	});
}
