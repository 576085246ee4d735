import type { Db } from '../db';
import { digests } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';

export interface CreateDigestInput {
	conferenceId: string;
	title: string;
}

/**
 * A new issue of the conference's newsletter, as a draft. Its text is the live document
 * `digest:<id>`, which starts empty (the suggestions fill it); the audience starts as every
 * subscriber of the conference.
 */
export function createDigest(db: Db, actor: Actor, input: CreateDigestInput) {
	authorize(actor, 'digest.create', { conferenceId: input.conferenceId });
	return transact(db, (tx) => {
		const digest = tx.insert(digests).values({ conferenceId: input.conferenceId, title: input.title, createdByPersonId: actor.personId }).returning().get();
		recordAudit(tx, actor, {
			action: 'digest.create',
			conferenceId: input.conferenceId,
			subjectType: 'digest',
			subjectId: digest.id,
			after: { title: digest.title }
		});
		return digest;
	});
}
