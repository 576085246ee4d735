import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';

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
export async function answerAccessibilityFeedback(data: Data, actor: Actor, input: AnswerInput) {
	const { accessibilityFeedback } = data.t;
	authorize(actor, 'accessibilityFeedback.answer', { conferenceId: input.conferenceId });
	return await data.transaction(async (tx) => {
		// Held until the commit (README, "Rules that span rows"): of two answers at once, the second waits
		// and then reads the first one's answer, refused as answered instead of writing over it.
		await lockForUpdate(data, tx, accessibilityFeedback, input.feedbackId);
		const entry = first(await tx.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.id, input.feedbackId)));
		if (!entry || entry.conferenceId !== input.conferenceId) throw new CommandError('not_found');
		if (entry.answeredAt) throw new CommandError('feedback_already_answered');
		const answeredAt = input.now ?? new Date();
		const [after] = await tx
			.update(accessibilityFeedback)
			.set({ answeredAt, answeredByPersonId: actor.personId, answerNote: input.note })
			.where(eq(accessibilityFeedback.id, entry.id))
			.returning();
		await recordAuditIn(data, tx, actor, {
			action: 'accessibilityFeedback.answer',
			conferenceId: entry.conferenceId,
			subjectType: 'accessibilityFeedback',
			subjectId: entry.id,
			after: { answeredAt: answeredAt.toISOString(), onTime: answeredAt.getTime() <= entry.replyDueAt.getTime() }
		});
		return after;
	});
}
