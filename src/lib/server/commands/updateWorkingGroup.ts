import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { workingGroups } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { requireGroup } from './support/guards';
import type { WorkingGroupInput } from './createWorkingGroup';

export function updateWorkingGroup(db: Db, actor: Actor, input: WorkingGroupInput & { conferenceId: string; groupId: string }) {
	authorize(actor, 'group.update', input);
	// The kind sets what its meetings pay: those who create groups decide it, not a group's coordinators.
	if (input.kind) authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	return db.transaction((tx) => {
		const before = requireGroup(tx, input.conferenceId, input.groupId);
		const changes = { name: input.name, description: input.description, kind: input.kind ?? before.kind };
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
	});
}
