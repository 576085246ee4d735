import { and, eq } from 'drizzle-orm';
import type { GroupRole } from '../../domain/roles';
import type { Db } from '../db';
import { groupMemberships } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { rightsChanged } from '../collab/bridge';
import { CommandError } from './errors';
import { requireConferencePerson, requireGroup } from './guards';

export interface GroupRoleInput {
	conferenceId: string;
	groupId: string;
	personId: string;
	role: GroupRole;
}

/** Working groups draw on the people of their conference; roles are set per person and group. */
export function assignGroupRole(db: Db, actor: Actor, input: GroupRoleInput) {
	authorize(actor, 'groupRole.assign', input);
	db.transaction((tx) => {
		requireGroup(tx, input.conferenceId, input.groupId);
		requireConferencePerson(tx, input.conferenceId, input.personId, 'personId');
		const inserted = tx
			.insert(groupMemberships)
			.values({ groupId: input.groupId, personId: input.personId, role: input.role })
			.onConflictDoNothing()
			.run();
		if (inserted.changes === 0) throw new CommandError('role_already_held', 'role');
		recordAudit(tx, actor, {
			action: 'groupRole.assign',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			after: { personId: input.personId, role: input.role }
		});
	});
	rightsChanged({ personId: input.personId });
}

export function removeGroupRole(db: Db, actor: Actor, input: GroupRoleInput) {
	authorize(actor, 'groupRole.assign', input);
	db.transaction((tx) => {
		requireGroup(tx, input.conferenceId, input.groupId);
		const removed = tx
			.delete(groupMemberships)
			.where(
				and(
					eq(groupMemberships.groupId, input.groupId),
					eq(groupMemberships.personId, input.personId),
					eq(groupMemberships.role, input.role)
				)
			)
			.run();
		if (removed.changes === 0) throw new CommandError('role_not_held', 'role');
		recordAudit(tx, actor, {
			action: 'groupRole.remove',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			before: { personId: input.personId, role: input.role },
			after: null
		});
	});
	rightsChanged({ personId: input.personId });
}
