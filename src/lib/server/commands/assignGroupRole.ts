import type { GroupRole } from '../../domain/roles';
import type { Db } from '../db';
import { groupMemberships } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';
import { requireConferencePerson, requireGroup } from './support/guards';

export interface GroupRoleInput {
	conferenceId: string;
	groupId: string;
	personId: string;
	role: GroupRole;
}

/** Working groups draw on the people of their conference; roles are set per person and group. */
export function assignGroupRole(db: Db, actor: Actor, input: GroupRoleInput) {
	authorize(actor, 'groupRole.assign', input);
	transact(db, (tx, effects) => {
		requireGroup(tx, input.conferenceId, input.groupId);
		requireConferencePerson(tx, input.conferenceId, input.personId, 'personId');
		const inserted = tx.insert(groupMemberships).values({ groupId: input.groupId, personId: input.personId, role: input.role }).onConflictDoNothing().run();
		if (inserted.changes === 0) throw new CommandError('role_already_held', 'role');
		recordAudit(tx, actor, {
			action: 'groupRole.assign',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			after: { personId: input.personId, role: input.role }
		});
		effects.rightsChanged({ personId: input.personId });
	});
}
