import { sql } from 'drizzle-orm';
import { check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { IMPLEMENTATION_STATES, RECOMMENDATION_EVENTS, RECOMMENDATION_STATUSES } from '../../../recommendations/status';
import { createdAt, id, timestamp } from './columns';
import { conferences, workingGroups } from './conferences';
import { people } from './people';
import { plenarySessions } from './plenary';
import { resolutions } from './votes';

/**
 * A recommendation of a working group. Its texts are co-edited in `recommendation:<id>` while
 * the group drafts it; when the group agrees on it they are frozen here, so the plenary, the
 * bodies it goes to and the public pages read a record that no longer moves (a trigger keeps
 * the texts of decided recommendations unchangeable).
 */
export const recommendations = pgTable(
	'recommendations',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		groupId: text('group_id')
			.notNull()
			.references(() => workingGroups.id, { onDelete: 'cascade' }),
		status: text('status', { enum: RECOMMENDATION_STATUSES }).notNull().default('draft'),
		/** The working title while drafting; the agreed title once frozen. */
		title: text('title').notNull(),
		/** The frozen texts: null until the group first agrees. */
		problem: text('problem'),
		proposal: text('proposal'),
		responsibleBodies: text('responsible_bodies'),
		easySummary: text('easy_summary'),
		frozenAt: timestamp('frozen_at'),
		/** The plenary agenda item it is on (items live in `plenary:<sessionId>`, so no foreign key for the item). */
		sessionId: text('session_id').references(() => plenarySessions.id, { onDelete: 'set null' }),
		agendaItemId: text('agenda_item_id'),
		agendaItemTitle: text('agenda_item_title'),
		/** The resolution the plenary's decision was recorded from. */
		resolutionId: text('resolution_id').references(() => resolutions.id, { onDelete: 'no action' }),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		statusChangedAt: timestamp('status_changed_at').notNull()
	},
	(t) => [
		index('recommendations_conference_idx').on(t.conferenceId, t.status),
		index('recommendations_group_idx').on(t.groupId),
		check('recommendations_item_with_session', sql`${t.agendaItemId} IS NULL OR ${t.sessionId} IS NOT NULL`)
	]
);

/**
 * The status history, one row per step, never changed: who took it and when, and what came
 * with it (the agenda item, the resolution, the body it was forwarded to).
 */
export const recommendationEvents = pgTable(
	'recommendation_events',
	{
		id: id(),
		recommendationId: text('recommendation_id')
			.notNull()
			.references(() => recommendations.id, { onDelete: 'cascade' }),
		event: text('event', { enum: RECOMMENDATION_EVENTS }).notNull(),
		at: timestamp('at').notNull(),
		byPersonId: text('by_person_id').references(() => people.id, { onDelete: 'set null' }),
		sessionId: text('session_id').references(() => plenarySessions.id, { onDelete: 'set null' }),
		agendaItemId: text('agenda_item_id'),
		resolutionId: text('resolution_id').references(() => resolutions.id, { onDelete: 'no action' }),
		/** Forwarded to: the body, and the day it was sent (which may lie before the entry). */
		body: text('body'),
		forwardedOn: timestamp('forwarded_on'),
		note: text('note')
	},
	(t) => [
		index('recommendation_events_recommendation_idx').on(t.recommendationId, t.at),
		check('recommendation_events_forward_names_body', sql`${t.event} <> 'forwarded' OR (${t.body} IS NOT NULL AND ${t.forwardedOn} IS NOT NULL)`)
	]
);

/**
 * Reports on the implementation of an adopted recommendation: a state, a dated note, and who
 * reported it. The reporter's organisation is copied at the time, because the public pages
 * show the organisation rather than a person's name.
 */
export const recommendationUpdates = pgTable(
	'recommendation_updates',
	{
		id: id(),
		recommendationId: text('recommendation_id')
			.notNull()
			.references(() => recommendations.id, { onDelete: 'cascade' }),
		state: text('state', { enum: IMPLEMENTATION_STATES }).notNull(),
		note: text('note').notNull(),
		/** The day the report is about. */
		reportedOn: timestamp('reported_on').notNull(),
		reporterPersonId: text('reporter_person_id').references(() => people.id, { onDelete: 'set null' }),
		reporterOrganisation: text('reporter_organisation'),
		createdAt: createdAt()
	},
	(t) => [index('recommendation_updates_recommendation_idx').on(t.recommendationId, t.reportedOn)]
);
