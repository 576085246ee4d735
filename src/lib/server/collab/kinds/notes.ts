import { notesKind } from '../../../collab/kinds/notes';
import { groupSubjectOn } from '../../policies/subjects/lookupOn';
import { accessBy, type DocKindDefinition } from './types';

/** A working group's notes: its members write, whoever may see the group reads. */
export const notes: DocKindDefinition = {
	...notesKind,
	access: accessBy({
		read: 'groupNotes.read',
		write: 'groupNotes.write',
		subject: (data, groupId) => groupSubjectOn(data, groupId)
	})
};
