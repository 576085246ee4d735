import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import type { GroupKind } from '../../domain/roles';
import { refuseSecondSteeringGroup, requireSteeringGroupFree } from './support/steeringGroup';

export interface WorkingGroupInput {
	name: string;
	description: string | null;
	/** Working group, steering group or another round: sets the flat rate its meetings pay. Unchanged (or a working group) when absent. */
	kind?: GroupKind | null;
}

export async function createWorkingGroup(data: Data, actor: Actor, input: WorkingGroupInput & { conferenceId: string }) {
	authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	const kind = input.kind ?? 'working';
	const { workingGroups } = data.t;
	return data.transaction(async (tx) => {
		await requireSteeringGroupFree(data, tx, input.conferenceId, kind);
		const [group] = await tx
			.insert(workingGroups)
			.values({ conferenceId: input.conferenceId, name: input.name, description: input.description, kind })
			.returning()
			.catch(refuseSecondSteeringGroup(data));
		await recordAuditIn(data, tx, actor, {
			action: 'group.create',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: group.id,
			after: { name: group.name, description: group.description, kind: group.kind }
		});
		return group;
	});
}
