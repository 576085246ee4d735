import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferenceMemberships } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';
import { assertNoDeputies, checkRoleAssignment, requireConferencePerson, type RoleAssignment } from './support/guards';

/**
 * Gives a person a role in a conference. For `member`, assigning again changes the status
 * (voting / advisory / deputy): that is how the office marks it.
 */
export function assignConferenceRole(db: Db, actor: Actor, input: RoleAssignment & { conferenceId: string; personId: string }) {
	authorize(actor, 'conferenceRole.assign', input);
	transact(db, (tx, effects) => {
		requireConferencePerson(tx, input.conferenceId, input.personId);
		const assignment = checkRoleAssignment(tx, input.conferenceId, input);
		if (assignment.deputyForPersonId === input.personId) throw new CommandError('principal_not_voting', 'deputyForPersonId');
		const where = and(
			eq(conferenceMemberships.conferenceId, input.conferenceId),
			eq(conferenceMemberships.personId, input.personId),
			eq(conferenceMemberships.role, assignment.role)
		);
		const existing = tx.select().from(conferenceMemberships).where(where).get();
		if (existing && assignment.role !== 'member') throw new CommandError('role_already_held', 'role');
		if (existing?.memberStatus === 'voting' && assignment.memberStatus !== 'voting') {
			assertNoDeputies(tx, input.conferenceId, input.personId);
		}
		if (existing) {
			tx.update(conferenceMemberships).set({ memberStatus: assignment.memberStatus, deputyForPersonId: assignment.deputyForPersonId }).where(where).run();
		} else {
			tx.insert(conferenceMemberships)
				.values({ conferenceId: input.conferenceId, personId: input.personId, ...assignment })
				.run();
		}
		recordAudit(tx, actor, {
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
