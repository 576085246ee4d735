import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { findAttendanceOn } from '../queries/plenary';
import { authorize, type Actor } from '../policies';
import type { AttendanceInput } from './markPresent';
import { cancelClaimOnAttendanceOn } from '../allowances/cancelOnAttendance';
import { CommandError } from './support/errors';
import { requirePlenarySessionOn } from './support/guards';
import { transactOn } from '../effects';
import { changedRows, type Data } from '../db/client';

/**
 * The office takes back a check-in made in error; the change log keeps what it was. A claim for
 * an allowance resting on it is cancelled with it, or, once paid, the removal is refused.
 */
export async function removeAttendance(data: Data, actor: Actor, input: AttendanceInput & { origin?: string; now?: Date }) {
	const { attendance } = data.t;
	authorize(actor, 'attendance.record', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	await transactOn(data, async (tx, effects) => {
		await requirePlenarySessionOn(data, input.conferenceId, input.sessionId, tx);
		const existing = await findAttendanceOn(data, input.sessionId, input.personId, tx);
		if (!existing) throw new CommandError('not_present', 'personId');
		const now = input.now ?? new Date();
		await cancelClaimOnAttendanceOn(data, tx, effects, actor, {
			conferenceId: input.conferenceId,
			personId: existing.personId,
			meeting: { sessionId: input.sessionId },
			origin: input.origin,
			now
		});
		// Two removals at once on PostgreSQL: the second one's delete waits for the first and finds nothing left.
		if (changedRows(await tx.delete(attendance).where(eq(attendance.id, existing.id))) === 0) throw new CommandError('not_present', 'personId');
		await recordAuditIn(data, tx, actor, {
			action: 'attendance.remove',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: input.sessionId,
			before: { personId: existing.personId, method: existing.method, checkedInAt: existing.checkedInAt.toISOString() }
		});
		effects.attendanceChanged({ sessionId: input.sessionId });
	});
}
