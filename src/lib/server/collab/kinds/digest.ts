import { digestKind } from '../../../collab/kinds/digest';
import { digestSubjectById } from '../../policies/subjects';
import { accessBy, type DocKindDefinition } from './types';

/** A newsletter draft: its editors and the office write it; once published the record is the digests row, and the document is read-only. */
export const digest: DocKindDefinition = {
	...digestKind,
	access: accessBy({
		read: 'digest.write',
		write: 'digest.write',
		subject: (db, digestId) => digestSubjectById(db, digestId) ?? null
	})
};
