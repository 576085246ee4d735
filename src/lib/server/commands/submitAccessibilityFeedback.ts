import { eq } from 'drizzle-orm';
import { replyDueAt } from '../../accessibility/replyDeadline';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { type Data, first } from '../db/client';

export interface FeedbackInput {
	message: string;
	name: string | null;
	email: string | null;
	pageUrl: string | null;
	conferenceId: string | null;
	/**
	 * The honeypot: a field people never see. Anything in it comes from a form-filling robot;
	 * the robot is told "thank you" like anyone else, so it learns nothing, and nothing is kept.
	 */
	trap: string | null;
	now?: Date;
}

export interface FeedbackReceipt {
	/** Null when nothing was stored (the honeypot caught it). */
	id: string | null;
	receivedAt: Date;
	replyDueAt: Date;
	hasEmail: boolean;
}

/** Stores feedback on accessibility (the BITV 2.0 § 7 channel) and fixes the reply deadline. */
export async function submitAccessibilityFeedback(data: Data, actor: Actor, input: FeedbackInput): Promise<FeedbackReceipt> {
	const { accessibilityFeedback, conferences } = data.t;
	authorize(actor, 'accessibilityFeedback.submit', null);
	const receivedAt = input.now ?? new Date();
	const receipt = { id: null, receivedAt, replyDueAt: replyDueAt(receivedAt), hasEmail: input.email !== null };
	if (input.trap) return receipt;
	return await data.transaction(async (tx) => {
		if (input.conferenceId) {
			const conference = first(await tx.select({ id: conferences.id }).from(conferences).where(eq(conferences.id, input.conferenceId)));
			if (!conference) throw new CommandError('feedback_conference_unknown', 'conferenceId');
		}
		const row = (
			await tx
				.insert(accessibilityFeedback)
				.values({
					conferenceId: input.conferenceId,
					message: input.message,
					name: input.name,
					email: input.email,
					pageUrl: input.pageUrl,
					receivedAt,
					replyDueAt: receipt.replyDueAt
				})
				.returning({ id: accessibilityFeedback.id })
		)[0];
		// The audit log is append-only and kept long: it records that feedback came in, never
		// what it said or who sent it (their message can be deleted, the log cannot).
		await recordAuditIn(data, tx, actor, {
			action: 'accessibilityFeedback.submit',
			conferenceId: input.conferenceId,
			subjectType: 'accessibilityFeedback',
			subjectId: row.id,
			after: { replyDueAt: receipt.replyDueAt.toISOString() }
		});
		return { ...receipt, id: row.id };
	});
}
