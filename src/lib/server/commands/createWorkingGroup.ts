import type { Db } from '../db';
import { workingGroups } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import type { GroupKind } from '../../domain/roles';
import { requireSteeringGroupFree } from './support/steeringGroup';

export interface WorkingGroupInput {
	name: string;
	description: string | null;
	/** Working group, steering group or another round: sets the flat rate its meetings pay. Unchanged (or a working group) when absent. */
	kind?: GroupKind | null;
}

export function createWorkingGroup(db: Db, actor: Actor, input: WorkingGroupInput & { conferenceId: string }) {
	authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	const kind = input.kind ?? 'working';
	return db.transaction((tx) => {
		requireSteeringGroupFree(tx, input.conferenceId, kind);
		const group = tx
			.insert(workingGroups)
			.values({ conferenceId: input.conferenceId, name: input.name, description: input.description, kind })
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'group.create',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: group.id,
			after: { name: group.name, description: group.description, kind: group.kind }
		});
		return group;
	});
}
