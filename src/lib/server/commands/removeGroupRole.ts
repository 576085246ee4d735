import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMemberships } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import type { GroupRoleInput } from './assignGroupRole';
import { CommandError } from './support/errors';
import { requireGroup } from './support/guards';

/** Takes a group role away; open connections of the person lose what it gave them. */
export function removeGroupRole(db: Db, actor: Actor, input: GroupRoleInput) {
	authorize(actor, 'groupRole.assign', input);
	transact(db, (tx, effects) => {
		requireGroup(tx, input.conferenceId, input.groupId);
		const removed = tx
			.delete(groupMemberships)
			.where(and(eq(groupMemberships.groupId, input.groupId), eq(groupMemberships.personId, input.personId), eq(groupMemberships.role, input.role)))
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
		effects.rightsChanged({ personId: input.personId });
	});
}
