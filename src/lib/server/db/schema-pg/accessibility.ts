import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamp } from './columns';
import { conferences } from './conferences';
import { people } from './people';

/**
 * Feedback on accessibility (BITV 2.0 § 7 feedback channel): anyone may send it, without
 * signing in. It belongs to a conference when the sender names one (its office answers);
 * otherwise platform admins answer. `replyDueAt` is fixed on arrival (one calendar month,
 * see $lib/accessibility/replyDeadline), so a later change of the rule does not move promises
 * already made.
 */
export const accessibilityFeedback = pgTable(
	'accessibility_feedback',
	{
		id: id(),
		// Deleting a conference keeps the feedback (a record of what people reported), unassigned.
		conferenceId: text('conference_id').references(() => conferences.id, { onDelete: 'set null' }),
		message: text('message').notNull(),
		name: text('name'),
		email: text('email'),
		pageUrl: text('page_url'),
		receivedAt: timestamp('received_at').notNull(),
		replyDueAt: timestamp('reply_due_at').notNull(),
		answeredAt: timestamp('answered_at'),
		answeredByPersonId: text('answered_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		answerNote: text('answer_note')
	},
	(t) => [index('accessibility_feedback_conference_idx').on(t.conferenceId, t.answeredAt, t.replyDueAt)]
);
