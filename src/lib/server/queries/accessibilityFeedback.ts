import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { isOverdue } from '../../accessibility/replyDeadline';
import { type Data, type Tables, first } from '../db/client';

/** `conference_id = ?`, or `IS NULL` for the platform's own inbox. */
const inInbox = ({ accessibilityFeedback }: Tables, conferenceId: string | null) =>
	conferenceId === null ? isNull(accessibilityFeedback.conferenceId) : eq(accessibilityFeedback.conferenceId, conferenceId);

/**
 * An inbox: open entries first, the most urgent on top; answered ones after, newest first.
 * Callers authorize `accessibilityFeedback.list` for the same conference first.
 */
export async function listFeedback(data: Data, conferenceId: string | null, now = new Date()) {
	const { accessibilityFeedback, people } = data.t;
	const rows = await data.q
		.select({
			id: accessibilityFeedback.id,
			message: accessibilityFeedback.message,
			name: accessibilityFeedback.name,
			email: accessibilityFeedback.email,
			pageUrl: accessibilityFeedback.pageUrl,
			receivedAt: accessibilityFeedback.receivedAt,
			replyDueAt: accessibilityFeedback.replyDueAt,
			answeredAt: accessibilityFeedback.answeredAt,
			answerNote: accessibilityFeedback.answerNote,
			answeredBy: people.displayName
		})
		.from(accessibilityFeedback)
		.leftJoin(people, eq(accessibilityFeedback.answeredByPersonId, people.id))
		.where(inInbox(data.t, conferenceId))
		// Ties broken by id: one order on both databases.
		.orderBy(
			sql`${accessibilityFeedback.answeredAt} IS NOT NULL`,
			desc(accessibilityFeedback.answeredAt),
			asc(accessibilityFeedback.replyDueAt),
			asc(accessibilityFeedback.id)
		);
	return rows.map((row) => ({ ...row, overdue: isOverdue(row, now) }));
}

/** How many entries of an inbox wait for an answer (shown in the conference's navigation). */
export async function countOpenFeedback(data: Data, conferenceId: string | null): Promise<number> {
	const { accessibilityFeedback } = data.t;
	return (
		first(
			await data.q
				.select({ n: count() })
				.from(accessibilityFeedback)
				.where(and(inInbox(data.t, conferenceId), isNull(accessibilityFeedback.answeredAt)))
		)?.n ?? 0
	);
}

/** The conferences a sender may name in the form: names are public (see /oeffentlich). */
export async function conferenceChoices(data: Data) {
	const { conferences } = data.t;
	return await data.q.select({ id: conferences.id, name: conferences.name }).from(conferences).orderBy(asc(conferences.name));
}
