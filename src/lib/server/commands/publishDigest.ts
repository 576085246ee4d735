import { and, eq, max } from 'drizzle-orm';
import type { Db } from '../db';
import { digests } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import { renderDraft } from '../newsletter/render';
import { countRecipients, startSendIn } from '../newsletter/sending/recipients';
import { authorize, type Actor } from '../policies';
import { digestSubjectById } from '../policies/subjects';
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
export function publishDigest(db: Db, actor: Actor, input: PublishDigestInput) {
	const subject = digestSubjectById(db, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.publish', subject);
	const now = input.now ?? new Date();
	return transact(db, (tx, effects) => {
		// Read again inside the transaction: another editor may have published it a moment ago.
		const digest = tx
			.select({ id: digests.id, conferenceId: digests.conferenceId, state: digests.state, audienceGroupId: digests.audienceGroupId })
			.from(digests)
			.where(eq(digests.id, input.digestId))
			.get();
		if (!digest) throw new CommandError('not_found');
		if (digest.state !== 'draft') throw new CommandError('publish_not_draft');
		// Through `db`, not `tx`: the same connection (better-sqlite3 is synchronous), and the renderer may read a live document.
		const rendered = renderDraft(db, digest.id);
		if (rendered.standardUnreadable) throw new CommandError('document_broken');
		if (rendered.standard.text.trim() === '') throw new CommandError('publish_standard_empty');
		if (rendered.easyStatus === 'draft' && !input.confirmUncheckedEasy) throw new CommandError('publish_easy_unchecked', 'confirmUncheckedEasy');
		if (rendered.easyStatus === 'missing' && !input.confirmUncheckedEasy && countRecipients(tx, digest.conferenceId, digest.audienceGroupId).easy > 0)
			throw new CommandError('publish_easy_missing', 'confirmUncheckedEasy');
		const last = tx
			.select({ number: max(digests.number) })
			.from(digests)
			.where(and(eq(digests.conferenceId, digest.conferenceId), eq(digests.state, 'published')))
			.get();
		const number = (last?.number ?? 0) + 1;
		tx.update(digests)
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
			.where(and(eq(digests.id, digest.id), eq(digests.state, 'draft')))
			.run();
		const send = startSendIn(tx, effects, {
			digestId: digest.id,
			conferenceId: digest.conferenceId,
			audienceGroupId: digest.audienceGroupId,
			actorPersonId: actor.personId,
			origin: input.origin,
			now
		});
		recordAudit(tx, actor, {
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
