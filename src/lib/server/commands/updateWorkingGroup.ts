import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { groupMemberships, workingGroups } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { requireGroup } from './support/guards';
import { requireSteeringGroupFree } from './support/steeringGroup';
import type { WorkingGroupInput } from './createWorkingGroup';

export function updateWorkingGroup(db: Db, actor: Actor, input: WorkingGroupInput & { conferenceId: string; groupId: string }) {
	authorize(actor, 'group.update', input);
	// The kind sets what its meetings pay: those who create groups decide it, not a group's coordinators.
	if (input.kind) authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	transact(db, (tx, effects) => {
		const before = requireGroup(tx, input.conferenceId, input.groupId);
		const changes = { name: input.name, description: input.description, kind: input.kind ?? before.kind };
		requireSteeringGroupFree(tx, input.conferenceId, changes.kind, input.groupId);
		tx.update(workingGroups)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(workingGroups.id, input.groupId))
			.run();
		recordAudit(tx, actor, {
			action: 'group.update',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			before: { name: before.name, description: before.description, kind: before.kind },
			after: { ...changes }
		});
		// Becoming (or ceasing to be) the steering group gives (or takes) its members the plenary's agenda.
		if ((before.kind === 'steering') !== (changes.kind === 'steering')) {
			const members = tx
				.selectDistinct({ personId: groupMemberships.personId })
				.from(groupMemberships)
				.where(eq(groupMemberships.groupId, input.groupId))
				.all();
			for (const { personId } of members) effects.rightsChanged({ personId });
		}
	});
}
