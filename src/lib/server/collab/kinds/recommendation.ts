import { eq } from 'drizzle-orm';
import { recommendationKind } from '../../../collab/kinds/recommendation';
import { recommendations } from '../../db/schema';
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
		subject: (db, recommendationId) =>
			db
				.select({ conferenceId: recommendations.conferenceId, groupId: recommendations.groupId, status: recommendations.status })
				.from(recommendations)
				.where(eq(recommendations.id, recommendationId))
				.get() ?? null
	})
};
