import { eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { readDraftStandardOn, renderDraftOn } from '../newsletter/render';
import { countRecipientsOn } from '../newsletter/sending/recipients';
import { authorize, type Actor } from '../policies';
import type { DigestSubject } from '../policies/subjects';

/**
 * What the editor confirms before publishing: the audience by name, how many recipients get
 * which edition, the easy edition's state and whether it needs an explicit confirmation (the
 * same conditions `publishDigest` refuses without it). Authorizes `digest.publish` itself.
 */
export async function publishConfirmation(data: Data, actor: Actor, subject: DigestSubject & { id: string }) {
	authorize(actor, 'digest.publish', subject);
	const { digests, workingGroups } = data.t;
	const digest = first(
		await data.q
			.select({ id: digests.id, title: digests.title, audienceGroupId: digests.audienceGroupId, groupName: workingGroups.name })
			.from(digests)
			.leftJoin(workingGroups, eq(workingGroups.id, digests.audienceGroupId))
			.where(eq(digests.id, subject.id))
	)!;
	const rendered = await renderDraftOn(data, digest.id, await readDraftStandardOn(data, digest.id));
	const recipients = await countRecipientsOn(data, subject.conferenceId, digest.audienceGroupId);
	const easyInStandard = rendered.easyStatus === 'missing' && recipients.easy > 0;
	return {
		digest: { id: digest.id, title: digest.title },
		audience: digest.audienceGroupId ? { groupId: digest.audienceGroupId, groupName: digest.groupName ?? '' } : null,
		recipients,
		easyStatus: rendered.easyStatus,
		easyOutdated: rendered.easyOutdated,
		/** Easy-language subscribers get the standard edition: there is no easy one. */
		easyInStandard,
		needsConfirmation: rendered.easyStatus === 'draft' || easyInStandard,
		standardEmpty: rendered.standard.text.trim() === '',
		standardUnreadable: rendered.standardUnreadable
	};
}
