import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { digestDoc } from '../../collab/kinds/digest';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { digestSubjectByIdOn } from '../policies/subjects';
import { transactOn } from '../effects';
import { changeDocumentOn } from '../collab/changeDocument';
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
 * "A suggestion is used once" is the unique key `digest_suggestions_used_source`: the mark is
 * inserted first, in its own transaction, and only the editor whose insert wrote the row goes
 * on (two editors, one click each: the second is refused, on PostgreSQL as on SQLite, and
 * leaves the text alone). The block follows the commit (a document change cannot wait inside a
 * transaction); should it fail, the mark is taken back, so the suggestion is offered again. The
 * audit row is written once the block is in the text: it records only what happened.
 */
export async function insertSuggestion(data: Data, actor: Actor, input: InsertSuggestionInput) {
	const subject = await digestSubjectByIdOn(data, input.digestId);
	if (!subject) throw new CommandError('not_found');
	authorize(actor, 'digest.write', subject);
	const now = input.now ?? new Date();
	const suggestion = await findSuggestion(data, subject.conferenceId, input.sourceKind, input.sourceId, now);
	if (!suggestion) throw new CommandError('digest_suggestion_gone');
	const block = {
		title: suggestion.title,
		summary: suggestion.summary,
		href: new URL(suggestion.href, mailOrigin(input.origin)).href,
		more: moreSentence(
			suggestion.href.startsWith('/oeffentlich/') ? m.digest_block_link_public({}, ISSUE_LANGUAGE) : m.digest_block_link_internal({}, ISSUE_LANGUAGE)
		)
	};
	const { digests, digestSuggestionsUsed } = data.t;
	const usedId = await transactOn(data, async (tx) => {
		// The digest's row, as publishDigest holds it: a publication under way is waited for, and the
		// issue then reads as published instead of taking a block after its text was frozen.
		await lockForUpdate(data, tx, digests, input.digestId);
		const draft = first(
			await tx
				.select({ id: digests.id })
				.from(digests)
				.where(and(eq(digests.id, input.digestId), eq(digests.state, 'draft')))
		);
		if (!draft) throw new CommandError('not_found');
		// ON CONFLICT DO NOTHING: the second writer waits for the first's commit, then writes nothing.
		const used = await tx
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
			.returning({ id: digestSuggestionsUsed.id });
		if (used.length === 0) throw new CommandError('digest_suggestion_gone');
		return used[0].id;
	});
	try {
		await changeDocumentOn(data, digestDoc(input.digestId), (doc) => appendSuggestionBlock(doc, block));
	} catch (error) {
		// Offered again; the document's failure is what the editor is told, even if this fails too.
		await data.q
			.delete(digestSuggestionsUsed)
			.where(eq(digestSuggestionsUsed.id, usedId))
			.catch((undo: unknown) => console.error('insertSuggestion: the suggestion stays marked used', undo));
		throw error;
	}
	await transactOn(data, async (tx) => {
		await recordAuditIn(data, tx, actor, {
			action: 'digest.insertSuggestion',
			conferenceId: subject.conferenceId,
			subjectType: 'digest',
			subjectId: input.digestId,
			after: { sourceKind: input.sourceKind, sourceId: input.sourceId, title: block.title, href: block.href }
		});
	});
	return suggestion;
}
