import { and, eq } from 'drizzle-orm';
import { canMove } from '../../domain/allowances/steps';
import { m } from '../../paraglide/messages';
import { first, type Data, type Query } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { CommandError } from '../commands/support/errors';
import type { DataEffects } from '../effects/transactOn';
import { claimStepMailKey } from '../jobs/kinds/mailClaimStep';
import type { Actor } from '../policies';
import type { ClaimMeeting } from './draftClaim';
import { mailOrigin } from './scheduleDrafting';

/**
 * Attendance is being removed: the claim resting on it goes too. A paid claim cannot: the money
 * has left, and only a counter-entry corrects it, so the removal is refused. Any other claim still
 * open is cancelled with a reason the person reads (in their language) and told by mail. Runs
 * inside the transaction that removes the attendance, so both happen or neither.
 */
export async function cancelClaimOnAttendanceOn(
	data: Data,
	tx: Query,
	effects: DataEffects,
	actor: Actor,
	input: { conferenceId: string; personId: string; meeting: ClaimMeeting; origin?: string; now: Date }
): Promise<void> {
	const { claims, people } = data.t;
	const which = and(
		eq(claims.personId, input.personId),
		'sessionId' in input.meeting ? eq(claims.sessionId, input.meeting.sessionId) : eq(claims.groupMeetingId, input.meeting.groupMeetingId)
	);
	const found = first(await tx.select({ id: claims.id }).from(claims).where(which));
	if (!found) return;
	// A cancel is a claim step: the claim's row first (README, "Rules that span rows"), so an approval
	// or release under way commits before its status is read here, and is not written over.
	await lockForUpdate(data, tx, claims, found.id);
	const claim = first(await tx.select().from(claims).where(eq(claims.id, found.id)));
	if (!claim) return;
	if (claim.status === 'paid') throw new CommandError('attendance_has_paid_claim', 'personId');
	if (!canMove(claim.status, 'cancelled')) return;
	const locale = first(await tx.select({ locale: people.preferredLocale }).from(people).where(eq(people.id, claim.personId)))?.locale ?? 'de';
	const reason = m.claimedit_cancelled_attendance_removed({}, { locale });
	await tx.update(claims).set({ status: 'cancelled', reason, updatedAt: input.now }).where(eq(claims.id, claim.id));
	await recordAuditIn(data, tx, actor, {
		action: 'claim.cancel',
		conferenceId: claim.conferenceId,
		subjectType: 'claim',
		subjectId: claim.id,
		before: { status: claim.status },
		after: { status: 'cancelled', because: 'attendance.remove' }
	});
	await effects.job(
		'mail.claimStep',
		{ claimId: claim.id, step: 'cancelled', origin: mailOrigin(input.origin) },
		{ key: claimStepMailKey({ claimId: claim.id, step: 'cancelled' }), conferenceId: claim.conferenceId }
	);
}
