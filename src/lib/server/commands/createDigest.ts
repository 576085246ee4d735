import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import type { Data } from '../db/client';

export interface CreateDigestInput {
	conferenceId: string;
	title: string;
}

/**
 * A new issue of the conference's newsletter, as a draft. Its text is the live document
 * `digest:<id>`, which starts empty (the suggestions fill it); the audience starts as every
 * subscriber of the conference.
 */
export async function createDigest(data: Data, actor: Actor, input: CreateDigestInput) {
	const { digests } = data.t;
	authorize(actor, 'digest.create', { conferenceId: input.conferenceId });
	return await transactOn(data, async (tx) => {
		const digest = (
			await tx.insert(digests).values({ conferenceId: input.conferenceId, title: input.title, createdByPersonId: actor.personId }).returning()
		)[0];
		await recordAuditIn(data, tx, actor, {
			action: 'digest.create',
			conferenceId: input.conferenceId,
			subjectType: 'digest',
			subjectId: digest.id,
			after: { title: digest.title }
		});
		return digest;
	});
}
