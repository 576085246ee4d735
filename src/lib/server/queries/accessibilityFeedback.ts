import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { isOverdue } from '../../accessibility/replyDeadline';
import type { Db } from '../db';
import { accessibilityFeedback, conferences, people } from '../db/schema';

/** `conference_id = ?`, or `IS NULL` for the platform's own inbox. */
const inInbox = (conferenceId: string | null) =>
	conferenceId === null ? isNull(accessibilityFeedback.conferenceId) : eq(accessibilityFeedback.conferenceId, conferenceId);

/**
 * An inbox: open entries first, the most urgent on top; answered ones after, newest first.
 * Callers authorize `accessibilityFeedback.list` for the same conference first.
 */
export function listFeedback(db: Db, conferenceId: string | null, now = new Date()) {
	const rows = db
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
		.where(inInbox(conferenceId))
		.orderBy(sql`${accessibilityFeedback.answeredAt} IS NOT NULL`, desc(accessibilityFeedback.answeredAt), asc(accessibilityFeedback.replyDueAt))
		.all();
	return rows.map((row) => ({ ...row, overdue: isOverdue(row, now) }));
}

/** How many entries of an inbox wait for an answer (shown in the conference's navigation). */
export function countOpenFeedback(db: Db, conferenceId: string | null): number {
	return (
		db
			.select({ n: count() })
			.from(accessibilityFeedback)
			.where(and(inInbox(conferenceId), isNull(accessibilityFeedback.answeredAt)))
			.get()?.n ?? 0
	);
}

/** The conferences a sender may name in the form: names are public (see /oeffentlich). */
export function conferenceChoices(db: Db) {
	return db.select({ id: conferences.id, name: conferences.name }).from(conferences).orderBy(asc(conferences.name)).all();
}
