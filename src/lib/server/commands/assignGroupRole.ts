import type { GroupRole } from '../../domain/roles';
import { changedRows, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import { CommandError } from './support/errors';
import { requireConferencePersonOn, requireGroupOn } from './support/guards';

export interface GroupRoleInput {
	conferenceId: string;
	groupId: string;
	personId: string;
	role: GroupRole;
}

/**
 * Working groups draw on the people of their conference; roles are set per person and group.
 * A role held once is a key (`group_memberships_unique`): the insert does nothing when it is
 * there, on PostgreSQL also when another instance's insert of it commits meanwhile, and the
 * command refuses it as `role_already_held`.
 */
export async function assignGroupRole(data: Data, actor: Actor, input: GroupRoleInput) {
	authorize(actor, 'groupRole.assign', input);
	const { groupMemberships } = data.t;
	await transactOn(data, async (tx, effects) => {
		await requireGroupOn(data, input.conferenceId, input.groupId, tx);
		await requireConferencePersonOn(data, input.conferenceId, input.personId, 'personId', tx);
		const inserted = await tx.insert(groupMemberships).values({ groupId: input.groupId, personId: input.personId, role: input.role }).onConflictDoNothing();
		if (changedRows(inserted) === 0) throw new CommandError('role_already_held', 'role');
		await recordAuditIn(data, tx, actor, {
			action: 'groupRole.assign',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			after: { personId: input.personId, role: input.role }
		});
		effects.rightsChanged({ personId: input.personId });
	});
}
