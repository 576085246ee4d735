import { and, eq } from 'drizzle-orm';
import type { ConferenceRole } from '../../domain/roles';
import type { Db } from '../db';
import { conferenceMemberships } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { leaveConferenceIn } from './support/leaveConference';
import { CommandError } from './support/errors';
import { assertNoDeputies } from './support/guards';

/**
 * Takes a role away. The last office role of a conference stays: someone must be able to run
 * it. A person's last role may go; they then drop out of the conference's lists.
 */
export function removeConferenceRole(db: Db, actor: Actor, input: { conferenceId: string; personId: string; role: ConferenceRole }) {
	authorize(actor, 'conferenceRole.assign', input);
	transact(db, (tx, effects) => {
		const inConference = eq(conferenceMemberships.conferenceId, input.conferenceId);
		const where = and(inConference, eq(conferenceMemberships.personId, input.personId), eq(conferenceMemberships.role, input.role));
		const existing = tx.select().from(conferenceMemberships).where(where).get();
		if (!existing) throw new CommandError('role_not_held', 'role');
		if (existing.memberStatus === 'voting') assertNoDeputies(tx, input.conferenceId, input.personId);
		if (input.role === 'office') {
			const offices = tx
				.select({ id: conferenceMemberships.id })
				.from(conferenceMemberships)
				.where(and(inConference, eq(conferenceMemberships.role, 'office')))
				.all();
			if (offices.length <= 1) throw new CommandError('last_office_role', 'role');
		}
		tx.delete(conferenceMemberships).where(where).run();
		const left = leaveConferenceIn(tx, input.conferenceId, input.personId);
		recordAudit(tx, actor, {
			action: 'conferenceRole.remove',
			conferenceId: input.conferenceId,
			subjectType: 'person',
			subjectId: input.personId,
			before: { role: existing.role, memberStatus: existing.memberStatus, deputyForPersonId: existing.deputyForPersonId },
			// Their last role: answer links revoked, seat and self-description erased (leaveConferenceIn).
			after: left ? { leftConference: true } : null
		});
		effects.rightsChanged({ personId: input.personId });
	});
}
