import type { Db } from '../db';
import { workingGroups } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import type { GroupKind } from '../../domain/roles';

export interface WorkingGroupInput {
	name: string;
	description: string | null;
	/** Working group, steering group or another round: sets the flat rate its meetings pay. Unchanged (or a working group) when absent. */
	kind?: GroupKind | null;
}

export function createWorkingGroup(db: Db, actor: Actor, input: WorkingGroupInput & { conferenceId: string }) {
	authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	return db.transaction((tx) => {
		const group = tx
			.insert(workingGroups)
			.values({ conferenceId: input.conferenceId, name: input.name, description: input.description, kind: input.kind ?? 'working' })
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
