import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamp } from './columns';
import { conferences, workingGroups } from './conferences';
import { people } from './people';
import { EDITIONS, SUBSCRIBER_STATES, CONSENT_EVENTS, DIGEST_STATES, SEND_STATES, DELIVERY_STATES } from '../schema/newsletter';
export {
	EDITIONS,
	type Edition,
	SUBSCRIBER_STATES,
	type SubscriberState,
	CONSENT_EVENTS,
	type ConsentEvent,
	DIGEST_STATES,
	type DigestState,
	SEND_STATES,
	type SendState,
	DELIVERY_STATES,
	type DeliveryState
} from '../schema/newsletter';

/**
 * Someone who gets a conference's digests: a member from their account page (`person_id`) or
 * anyone through the public sign-up page. A sign-up is `pending` until the address confirmed it
 * (double opt-in). The personal link to the preferences page and the unsubscribe link carry a
 * token derived from the row (HMAC with the server key and `token_version`), so nothing secret is
 * stored; raising the version revokes every link sent so far. An address whose mails fail
 * permanently again and again is `bouncing_since` and skipped, not unsubscribed.
 */
export const newsletterSubscribers = pgTable(
	'newsletter_subscribers',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		/** Lower-cased and trimmed: one subscription per address and conference. */
		email: text('email').notNull(),
		name: text('name'),
		personId: text('person_id').references(() => people.id, { onDelete: 'set null' }),
		edition: text('edition', { enum: EDITIONS }).notNull().default('standard'),
		state: text('state', { enum: SUBSCRIBER_STATES }).notNull().default('pending'),
		/** SHA-256 of the one-time confirmation token of a pending sign-up. */
		confirmTokenHash: text('confirm_token_hash'),
		confirmExpiresAt: timestamp('confirm_expires_at'),
		tokenVersion: integer('token_version').notNull().default(1),
		permanentFailures: integer('permanent_failures').notNull().default(0),
		bouncingSince: timestamp('bouncing_since'),
		createdAt: createdAt(),
		confirmedAt: timestamp('confirmed_at'),
		unsubscribedAt: timestamp('unsubscribed_at')
	},
	(t) => [
		uniqueIndex('newsletter_subscribers_email').on(t.conferenceId, t.email),
		index('newsletter_subscribers_state_idx').on(t.conferenceId, t.state),
		index('newsletter_subscribers_person_idx').on(t.personId),
		uniqueIndex('newsletter_subscribers_confirm_idx').on(t.confirmTokenHash),
		check('newsletter_subscribers_active_confirmed', sql`${t.state} <> 'active' OR ${t.confirmedAt} IS NOT NULL`)
	]
);

/**
 * The proof of consent (Art. 7 (1) DSGVO): what the form said, which privacy policy applied, when
 * the address signed up, when the confirmation mail went out and when it was confirmed, from
 * which client address. Append-only (a trigger refuses updates); erasure on request deletes a
 * subscriber together with their log.
 */
export const newsletterConsents = pgTable(
	'newsletter_consents',
	{
		id: id(),
		subscriberId: text('subscriber_id')
			.notNull()
			.references(() => newsletterSubscribers.id, { onDelete: 'cascade' }),
		event: text('event', { enum: CONSENT_EVENTS }).notNull(),
		at: timestamp('at').notNull(),
		/** The consent text exactly as the form showed it (sign-up and preference changes). */
		formText: text('form_text'),
		privacyPolicyVersion: text('privacy_policy_version'),
		/** Where it came from: the public form, the easy form, the account page, the preferences page, a one-click POST. */
		via: text('via', { enum: ['form', 'easy_form', 'account', 'preferences', 'one_click', 'link', 'office'] }).notNull(),
		edition: text('edition', { enum: EDITIONS }),
		clientAddress: text('client_address')
	},
	(t) => [index('newsletter_consents_subscriber_idx').on(t.subscriberId, t.at)]
);

/**
 * One issue of a conference's newsletter. While a draft its text lives in the live document
 * `digest:<id>` (standard edition) and the easy-language edition in `easy_texts` (kind `digest`).
 * Publishing freezes both into the snapshot columns; a trigger refuses any change to a
 * published digest, so the public page, the archive, the feed and every mail show the same record.
 */
export const digests = pgTable(
	'digests',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		/** "Ausgabe 3": numbered per conference when published. */
		number: integer('number'),
		title: text('title').notNull(),
		state: text('state', { enum: DIGEST_STATES }).notNull().default('draft'),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		/** Who gets it: every subscriber of the conference (null), or the subscribed members of one working group. */
		audienceGroupId: text('audience_group_id').references(() => workingGroups.id, { onDelete: 'set null' }),
		publishedAt: timestamp('published_at'),
		publishedByPersonId: text('published_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		/** The frozen editions: sanitized HTML fragments (no page chrome) and their plain-text form. */
		htmlStandard: text('html_standard'),
		textStandard: text('text_standard'),
		htmlEasy: text('html_easy'),
		textEasy: text('text_easy'),
		/** The editor confirmed publishing an easy edition the Prüfgruppe had not checked. */
		easyUnchecked: boolean('easy_unchecked').notNull().default(false)
	},
	(t) => [
		index('digests_conference_idx').on(t.conferenceId, t.state, t.publishedAt),
		uniqueIndex('digests_number').on(t.conferenceId, t.number),
		check(
			'digests_published_complete',
			sql`${t.state} <> 'published' OR (${t.number} IS NOT NULL AND ${t.publishedAt} IS NOT NULL AND ${t.htmlStandard} IS NOT NULL AND ${t.textStandard} IS NOT NULL)`
		)
	]
);

/**
 * A suggestion ("since the last digest") once inserted into a digest: it is offered no more.
 * `source_kind` names the registry entry in server/newsletter/suggestions/, `source_id` its row.
 */
export const digestSuggestionsUsed = pgTable(
	'digest_suggestions_used',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		digestId: text('digest_id')
			.notNull()
			.references(() => digests.id, { onDelete: 'cascade' }),
		sourceKind: text('source_kind').notNull(),
		sourceId: text('source_id').notNull(),
		usedAt: timestamp('used_at').notNull(),
		usedByPersonId: text('used_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('digest_suggestions_used_source').on(t.conferenceId, t.sourceKind, t.sourceId),
		index('digest_suggestions_used_digest_idx').on(t.digestId)
	]
);

/**
 * The sending of one published digest. Its recipients are fixed when it starts (one delivery row
 * each); the rows are the checkpoint, so a crashed or paused send resumes where it stood.
 */
export const digestSends = pgTable(
	'digest_sends',
	{
		id: id(),
		digestId: text('digest_id')
			.notNull()
			.references(() => digests.id, { onDelete: 'cascade' }),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		state: text('state', { enum: SEND_STATES }).notNull().default('sending'),
		/** Why it is paused: the editor paused it, or it paused itself after repeated consecutive failures. */
		pauseReason: text('pause_reason', { enum: ['editor', 'failures'] }),
		consecutiveFailures: integer('consecutive_failures').notNull().default(0),
		total: integer('total').notNull(),
		startedAt: timestamp('started_at').notNull(),
		startedByPersonId: text('started_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		finishedAt: timestamp('finished_at')
	},
	(t) => [uniqueIndex('digest_sends_digest').on(t.digestId), index('digest_sends_state_idx').on(t.state)]
);

/**
 * One recipient of one send. `sending` marks a mail handed to the relay and not yet confirmed:
 * after a crash those few are sent again, with the same `message_id`, so a duplicate can be
 * recognised. Nothing else is ever sent twice.
 */
export const digestDeliveries = pgTable(
	'digest_deliveries',
	{
		id: id(),
		sendId: text('send_id')
			.notNull()
			.references(() => digestSends.id, { onDelete: 'cascade' }),
		subscriberId: text('subscriber_id')
			.notNull()
			.references(() => newsletterSubscribers.id, { onDelete: 'cascade' }),
		edition: text('edition', { enum: EDITIONS }).notNull(),
		state: text('state', { enum: DELIVERY_STATES }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at').notNull(),
		lastError: text('last_error'),
		/** Stable per delivery: `<delivery id>.digest@host`, the same on every attempt. */
		messageId: text('message_id').notNull(),
		sentAt: timestamp('sent_at')
	},
	(t) => [uniqueIndex('digest_deliveries_recipient').on(t.sendId, t.subscriberId), index('digest_deliveries_due_idx').on(t.sendId, t.state, t.nextAttemptAt)]
);

export type NewsletterSubscriber = typeof newsletterSubscribers.$inferSelect;
export type Digest = typeof digests.$inferSelect;
export type DigestSend = typeof digestSends.$inferSelect;
export type DigestDelivery = typeof digestDeliveries.$inferSelect;
