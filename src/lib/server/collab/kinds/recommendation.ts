import { recommendationKind } from '../../../collab/kinds/recommendation';
import { recommendationSubjectByIdOn } from '../../policies/subjects/lookupOn';
import { accessBy, type DocKindDefinition } from './types';

/**
 * A recommendation's draft: written only while the text is open (a draft, or referred back);
 * once agreed, the frozen copy in SQLite is the record and the document is read-only.
 */
export const recommendation: DocKindDefinition = {
	...recommendationKind,
	access: accessBy({
		read: 'recommendation.view',
		write: 'recommendation.edit',
		subject: (data, recommendationId) => recommendationSubjectByIdOn(data, recommendationId)
	})
};
