import { digestKind } from '../../../collab/kinds/digest';
import { digestSubjectByIdOn } from '../../policies/subjects/lookupOn';
import { accessBy, type DocKindDefinition } from './types';

/**
 * A newsletter draft: its editors and the office write it. Once published, the record is the
 * digests row; the document is read-only and holds what was published, so it reads as the issue does.
 */
export const digest: DocKindDefinition = {
	...digestKind,
	access: accessBy({
		read: 'digest.view',
		write: 'digest.write',
		subject: (data, digestId) => digestSubjectByIdOn(data, digestId)
	})
};
