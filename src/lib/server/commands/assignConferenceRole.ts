import { and, eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import { first, type Data } from '../db/client';
import { isUniqueViolation } from '../db/uniqueViolation';
import { CommandError } from './support/errors';
import { assertNoDeputiesOn, checkRoleAssignmentOn, holdMemberRows, requireConferencePersonOn, type RoleAssignment } from './support/guards';

/**
 * Gives a person a role in a conference. For `member`, assigning again changes the status
 * (voting / advisory / deputy): that is how the office marks it.
 */
export async function assignConferenceRole(data: Data, actor: Actor, input: RoleAssignment & { conferenceId: string; personId: string }) {
	authorize(actor, 'conferenceRole.assign', input);
	const { conferenceMemberships } = data.t;
	await transactOn(data, async (tx, effects) => {
		// A member's row and their principal's, held in id order before they are read (README,
		// "Rules that span rows": a deputy stands in for a voting member).
		if (input.role === 'member') {
			await holdMemberRows(data, tx, input.conferenceId, input.deputyForPersonId ? [input.personId, input.deputyForPersonId] : [input.personId]);
		}
		await requireConferencePersonOn(data, input.conferenceId, input.personId, undefined, tx);
		const assignment = await checkRoleAssignmentOn(data, tx, input.conferenceId, input);
		if (assignment.deputyForPersonId === input.personId) throw new CommandError('principal_not_voting', 'deputyForPersonId');
		const where = and(
			eq(conferenceMemberships.conferenceId, input.conferenceId),
			eq(conferenceMemberships.personId, input.personId),
			eq(conferenceMemberships.role, assignment.role)
		);
		const existing = first(await tx.select().from(conferenceMemberships).where(where));
		if (existing && assignment.role !== 'member') throw new CommandError('role_already_held', 'role');
		if (existing?.memberStatus === 'voting' && assignment.memberStatus !== 'voting') {
			await assertNoDeputiesOn(data, tx, input.conferenceId, input.personId);
		}
		if (existing) {
			await tx.update(conferenceMemberships).set({ memberStatus: assignment.memberStatus, deputyForPersonId: assignment.deputyForPersonId }).where(where);
		} else {
			await tx
				.insert(conferenceMemberships)
				.values({ conferenceId: input.conferenceId, personId: input.personId, ...assignment })
				.catch((error: unknown) => {
					// The same role given twice at once: the index (a key) refuses the second.
					if (isUniqueViolation(error)) throw new CommandError('role_already_held', 'role');
					throw error;
				});
		}
		await recordAuditIn(data, tx, actor, {
			action: 'conferenceRole.assign',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: existing ? { role: existing.role, memberStatus: existing.memberStatus, deputyForPersonId: existing.deputyForPersonId } : null,
			after: { ...assignment }
		});
		effects.rightsChanged({ personId: input.personId });
	});
}
