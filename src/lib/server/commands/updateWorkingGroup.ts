import { eq } from 'drizzle-orm';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { requireGroupOn } from './support/guards';
import { refuseSecondSteeringGroup, requireSteeringGroupFree } from './support/steeringGroup';
import type { WorkingGroupInput } from './createWorkingGroup';

export async function updateWorkingGroup(data: Data, actor: Actor, input: WorkingGroupInput & { conferenceId: string; groupId: string }) {
	authorize(actor, 'group.update', input);
	// The kind sets what its meetings pay: those who create groups decide it, not a group's coordinators.
	if (input.kind) authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	const { groupMemberships, workingGroups } = data.t;
	await transactOn(data, async (tx, effects) => {
		const before = await requireGroupOn(data, input.conferenceId, input.groupId, tx);
		const changes = { name: input.name, description: input.description, kind: input.kind ?? before.kind };
		await requireSteeringGroupFree(data, tx, input.conferenceId, changes.kind, input.groupId);
		await tx
			.update(workingGroups)
			.set({ ...changes, updatedAt: new Date() })
			.where(eq(workingGroups.id, input.groupId))
			.catch(refuseSecondSteeringGroup(data));
		await recordAuditIn(data, tx, actor, {
			action: 'group.update',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: input.groupId,
			before: { name: before.name, description: before.description, kind: before.kind },
			after: { ...changes }
		});
		// Becoming (or ceasing to be) the steering group gives (or takes) its members the plenary's agenda.
		if ((before.kind === 'steering') !== (changes.kind === 'steering')) {
			const members = await tx
				.selectDistinct({ personId: groupMemberships.personId })
				.from(groupMemberships)
				.where(eq(groupMemberships.groupId, input.groupId));
			for (const { personId } of members) effects.rightsChanged({ personId });
		}
	});
}
