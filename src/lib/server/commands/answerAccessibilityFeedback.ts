import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accessibilityFeedback } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface AnswerInput {
	feedbackId: string;
	/** How and when the sender was answered, and what will be done. */
	note: string;
	/**
	 * The inbox the request came from: a conference's, or null for the platform's. Feedback of
	 * another inbox is "not found" there, so one office cannot reach another's by its id.
	 */
	conferenceId: string | null;
	now?: Date;
}

/** Marks feedback as answered, once: the answer is a fact about the past and is not redone. */
export function answerAccessibilityFeedback(db: Db, actor: Actor, input: AnswerInput) {
	authorize(actor, 'accessibilityFeedback.answer', { conferenceId: input.conferenceId });
	return db.transaction((tx) => {
		const entry = tx.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.id, input.feedbackId)).get();
		if (!entry || entry.conferenceId !== input.conferenceId) throw new CommandError('not_found');
		if (entry.answeredAt) throw new CommandError('feedback_already_answered');
		const answeredAt = input.now ?? new Date();
		const after = tx
			.update(accessibilityFeedback)
			.set({ answeredAt, answeredByPersonId: actor.personId, answerNote: input.note })
			.where(eq(accessibilityFeedback.id, entry.id))
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'accessibilityFeedback.answer',
			conferenceId: entry.conferenceId,
			subjectType: 'accessibilityFeedback',
			subjectId: entry.id,
			after: { answeredAt: answeredAt.toISOString(), onTime: answeredAt.getTime() <= entry.replyDueAt.getTime() }
		});
		return after;
	});
}
