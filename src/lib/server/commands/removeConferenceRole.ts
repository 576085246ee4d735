import { and, eq } from 'drizzle-orm';
import type { ConferenceRole } from '../../domain/roles';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { leaveConferenceIn } from './support/leaveConference';
import { CommandError } from './support/errors';
import { assertNoDeputiesOn, holdMemberRows } from './support/guards';

/**
 * Takes a role away. The last office role of a conference stays: someone must be able to run
 * it. A person's last role may go; they then drop out of the conference's lists.
 */
export async function removeConferenceRole(data: Data, actor: Actor, input: { conferenceId: string; personId: string; role: ConferenceRole }) {
	authorize(actor, 'conferenceRole.assign', input);
	const { conferenceMemberships, conferences } = data.t;
	await transactOn(data, async (tx, effects) => {
		// Held before they are read (README, "Rules that span rows"): a member's own row, which a
		// deputy's insert holds too; for an office role the conference's row (last), which every
		// removal of an office holds, so two removals do not each count the other's office.
		if (input.role === 'member') await holdMemberRows(data, tx, input.conferenceId, [input.personId]);
		if (input.role === 'office') await lockForUpdate(data, tx, conferences, input.conferenceId);
		const inConference = eq(conferenceMemberships.conferenceId, input.conferenceId);
		const where = and(inConference, eq(conferenceMemberships.personId, input.personId), eq(conferenceMemberships.role, input.role));
		const existing = first(await tx.select().from(conferenceMemberships).where(where));
		if (!existing) throw new CommandError('role_not_held', 'role');
		if (existing.memberStatus === 'voting') await assertNoDeputiesOn(data, tx, input.conferenceId, input.personId);
		if (input.role === 'office') {
			const offices = await tx
				.select({ id: conferenceMemberships.id })
				.from(conferenceMemberships)
				.where(and(inConference, eq(conferenceMemberships.role, 'office')));
			if (offices.length <= 1) throw new CommandError('last_office_role', 'role');
		}
		await tx.delete(conferenceMemberships).where(where);
		const left = await leaveConferenceIn(data, tx, input.conferenceId, input.personId);
		await recordAuditIn(data, tx, actor, {
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
