import type { Db } from '../db';
import { workingGroups } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';

export interface WorkingGroupInput {
	name: string;
	description: string | null;
}

export function createWorkingGroup(db: Db, actor: Actor, input: WorkingGroupInput & { conferenceId: string }) {
	authorize(actor, 'group.create', { conferenceId: input.conferenceId });
	return db.transaction((tx) => {
		const group = tx.insert(workingGroups).values(input).returning().get();
		recordAudit(tx, actor, {
			action: 'group.create',
			conferenceId: input.conferenceId,
			subjectType: 'group',
			subjectId: group.id,
			after: { name: group.name, description: group.description }
		});
		return group;
	});
}
