import { and, eq } from 'drizzle-orm';
import { changedRows, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects/transactOn';
import type { GroupRoleInput } from './assignGroupRole';
import { CommandError } from './support/errors';
import { requireGroupOn } from './support/guards';

/** Takes a group role away; open connections of the person lose what it gave them. */
export async function removeGroupRole(data: Data, actor: Actor, input: GroupRoleInput) {
	authorize(actor, 'groupRole.assign', input);
	const { groupMemberships } = data.t;
	await transactOn(data, async (tx, effects) => {
		await requireGroupOn(data, input.conferenceId, input.groupId, tx);
		// The second of two removals at once waits for the first's row, then removes nothing: refused.
		const removed = await tx
			.delete(groupMemberships)
			.where(and(eq(groupMemberships.groupId, input.groupId), eq(groupMemberships.personId, input.personId), eq(groupMemberships.role, input.role)));
		if (changedRows(removed) === 0) throw new CommandError('role_not_held', 'role');
		await recordAuditIn(data, tx, actor, {
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
