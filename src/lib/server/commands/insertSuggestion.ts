import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { digestDoc } from '../../collab/kinds/digest';
import type { Db } from '../db';
import { digests, digestSuggestionsUsed } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { digestSubjectById } from '../policies/subjects';
import { transact } from '../effects';
import { changeDocument } from '../collab/changeDocument';
import { mailOrigin } from '../allowances/scheduleDrafting';
import { findSuggestion, type SuggestionKind } from '../newsletter/suggestions';
import { appendSuggestionBlock } from '../newsletter/suggestionBlock';
import { CommandError } from './support/errors';
import { ISSUE_LANGUAGE } from '../newsletter/issueLanguage';

export interface InsertSuggestionInput {
	digestId: string;
	sourceKind: SuggestionKind;
	sourceId: string;
	/** Where the links in the issue point (the request's origin, else ORIGIN). */
	origin?: string;
	now?: Date;
}

/** "Mehr dazu auf der {link}." split around the link, so translations may put it anywhere. */
function moreSentence(link: string) {
	const marker = '\u0000';
	const [before, after = ''] = m.digest_block_more({ link: marker }, ISSUE_LANGUAGE).split(marker);
	return { before, link, after };
}

/**
 * Puts one "since the last issue" suggestion into the draft's text, at its end, and marks it
 * used so it is offered no more. The block is written into the live document by the document
 * server, so it arrives in every open editor and a form without JavaScript does the same.
 *
 * Both happen in one step: the SQLite transaction that marks the suggestion used runs inside the
 * document change, before anything in the document changes. A suggestion used meanwhile (two
 * editors, one click each) is refused there and leaves the text alone; one marked used always
 * has its block written, since nothing after the commit can fail but the block itself.
 */
export async function insertSuggestion(db: Db, actor: Actor, input: InsertSuggestionInput) {
	const subject = digestSubjectById(db, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.write', subject);
	const now = input.now ?? new Date();
	const suggestion = findSuggestion(db, subject.conferenceId, input.sourceKind, input.sourceId, now);
	if (!suggestion) throw new CommandError('digest_suggestion_gone');
	const block = {
		title: suggestion.title,
		summary: suggestion.summary,
		href: new URL(suggestion.href, mailOrigin(input.origin)).href,
		more: moreSentence(
			suggestion.href.startsWith('/oeffentlich/') ? m.digest_block_link_public({}, ISSUE_LANGUAGE) : m.digest_block_link_internal({}, ISSUE_LANGUAGE)
		)
	};
	await changeDocument(db, digestDoc(input.digestId), (doc) => {
		transact(db, (tx) => {
			const draft = tx
				.select({ id: digests.id })
				.from(digests)
				.where(and(eq(digests.id, input.digestId), eq(digests.state, 'draft')))
				.get();
			if (!draft) throw new CommandError('not_found');
			const used = tx
				.insert(digestSuggestionsUsed)
				.values({
					conferenceId: subject.conferenceId,
					digestId: input.digestId,
					sourceKind: input.sourceKind,
					sourceId: input.sourceId,
					usedAt: now,
					usedByPersonId: actor.personId
				})
				.onConflictDoNothing()
				.run();
			if (used.changes === 0) throw new CommandError('digest_suggestion_gone');
			recordAudit(tx, actor, {
				action: 'digest.insertSuggestion',
				conferenceId: subject.conferenceId,
				subjectType: 'digest',
				subjectId: input.digestId,
				after: { sourceKind: input.sourceKind, sourceId: input.sourceId, title: block.title, href: block.href }
			});
		});
		appendSuggestionBlock(doc, block);
	});
	return suggestion;
}
