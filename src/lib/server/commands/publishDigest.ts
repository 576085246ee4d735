import { and, eq, sql } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { readDraftStandardOn, renderDraftOn } from '../newsletter/render';
import { countRecipientsOn, startSendInOn } from '../newsletter/sending/recipients';
import { authorize, type Actor } from '../policies';
import { digestSubjectByIdOn } from '../policies/subjects';
import { CommandError } from './support/errors';

export interface PublishDigestInput {
	digestId: string;
	/**
	 * The editor confirmed sending the easy edition as it is: written but not checked by the
	 * Prüfgruppe, or not written at all while easy-language subscribers are among the recipients
	 * (they then get the standard edition).
	 */
	confirmUncheckedEasy: boolean;
	/** Where the mails' links point (the request's origin, else ORIGIN). */
	origin: string;
	now?: Date;
}

/**
 * Publishes a draft digest and starts sending it, in one transaction: the issue gets the next
 * number of its conference, both editions are rendered once more and frozen into the row (from
 * then on a trigger refuses any change, so the public page, the archive, the feed and every
 * mail show the same record), and the recipients are fixed with the send job declared. A
 * refusal or a failure anywhere leaves the draft as it was and sends nothing.
 *
 * An easy edition the Prüfgruppe has not checked goes out only with the editor's explicit
 * confirmation (domain.md: only a checked text counts as Leichte Sprache), and so does an issue
 * without an easy edition that easy-language subscribers would get in standard language.
 * The suggestions inserted into the draft stay marked as used: they belong to this issue now.
 */
export async function publishDigest(data: Data, actor: Actor, input: PublishDigestInput) {
	const subject = await digestSubjectByIdOn(data, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.publish', subject);
	const now = input.now ?? new Date();
	// The live document is read before the transaction, which awaits nothing but its own statements.
	const standard = await readDraftStandardOn(data, input.digestId);
	const { conferences, digests } = data.t;
	return transactOn(data, async (tx, effects) => {
		// The digest's row first, held until the commit (README, "Rules that span rows"): a second
		// publish of the same draft waits, then reads it published and is refused.
		await lockForUpdate(data, tx, digests, input.digestId);
		// Read again inside the transaction: another editor may have published it a moment ago.
		const digest = first(
			await tx
				.select({ id: digests.id, conferenceId: digests.conferenceId, state: digests.state, audienceGroupId: digests.audienceGroupId })
				.from(digests)
				.where(eq(digests.id, input.digestId))
		);
		if (!digest) throw new CommandError('not_found');
		if (digest.state !== 'draft') throw new CommandError('publish_not_draft');
		const rendered = await renderDraftOn(data, digest.id, standard, tx);
		if (rendered.standardUnreadable) throw new CommandError('document_broken');
		if (rendered.standard.text.trim() === '') throw new CommandError('publish_standard_empty');
		if (rendered.easyStatus === 'draft' && !input.confirmUncheckedEasy) throw new CommandError('publish_easy_unchecked', 'confirmUncheckedEasy');
		if (
			rendered.easyStatus === 'missing' &&
			!input.confirmUncheckedEasy &&
			(await countRecipientsOn(data, digest.conferenceId, digest.audienceGroupId, tx)).easy > 0
		)
			throw new CommandError('publish_easy_missing', 'confirmUncheckedEasy');
		// Then the conference's row: two digests of one conference published at once take turns for
		// the next number (`digests_number` backs it).
		await lockForUpdate(data, tx, conferences, digest.conferenceId);
		const last = first(
			await tx
				.select({ number: sql<number | string | null>`max(${digests.number})` })
				.from(digests)
				.where(and(eq(digests.conferenceId, digest.conferenceId), eq(digests.state, 'published')))
		);
		const number = Number(last?.number ?? 0) + 1;
		await tx
			.update(digests)
			.set({
				state: 'published',
				number,
				publishedAt: now,
				publishedByPersonId: actor.personId,
				htmlStandard: rendered.standard.html,
				textStandard: rendered.standard.text,
				htmlEasy: rendered.easy?.html ?? null,
				textEasy: rendered.easy?.text ?? null,
				easyUnchecked: rendered.easyStatus === 'draft'
			})
			.where(and(eq(digests.id, digest.id), eq(digests.state, 'draft')));
		const send = await startSendInOn(data, tx, effects, {
			digestId: digest.id,
			conferenceId: digest.conferenceId,
			audienceGroupId: digest.audienceGroupId,
			actorPersonId: actor.personId,
			origin: input.origin,
			now
		});
		await recordAuditIn(data, tx, actor, {
			action: 'digest.publish',
			conferenceId: digest.conferenceId,
			subjectType: 'digest',
			subjectId: digest.id,
			before: { state: 'draft' },
			after: { state: 'published', number, easy: rendered.easyStatus, recipients: send.perEdition }
		});
		return { number, sendId: send.sendId, total: send.total, perEdition: send.perEdition };
	});
}
