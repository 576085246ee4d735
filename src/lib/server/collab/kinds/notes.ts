import { eq } from 'drizzle-orm';
import { notesKind } from '../../../collab/kinds/notes';
import { workingGroups } from '../../db/schema';
import { accessBy, type DocKindDefinition } from './types';

/** A working group's notes: its members write, whoever may see the group reads. */
export const notes: DocKindDefinition = {
	...notesKind,
	access: accessBy({
		read: 'groupNotes.read',
		write: 'groupNotes.write',
		subject(db, groupId) {
			const group = db.select({ conferenceId: workingGroups.conferenceId }).from(workingGroups).where(eq(workingGroups.id, groupId)).get();
			return group ? { conferenceId: group.conferenceId, groupId } : null;
		}
	})
};
