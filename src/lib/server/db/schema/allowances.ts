import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CLAIM_LINE_KINDS, CLAIM_LINE_STATUSES, CLAIM_STATUSES, MEETING_TYPES, TRAVEL_MODES } from '../../../domain/allowances/types';
import { createdAt, id, timestamp } from './columns';
import { conferences } from './conferences';
import { groupMeetings } from './meetings';
import { people } from './people';
import { plenarySessions } from './plenary';

/*
 * Expense allowances (Aufwandsentschädigung). Money is integer cents in every column; the one
 * rounding rule lives in `domain/allowances/money.ts`. Nothing here is ever deleted (triggers in
 * the migration): a mistake is reversed by a counter-entry with a reason.
 */

/** The rates and limits of one conference for one calendar year (Einstellungen → Aufwandsentschädigung). */
export const allowanceRules = sqliteTable(
	'allowance_rules',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		year: integer('year').notNull(),
		flatPlenaryCents: integer('flat_plenary_cents').notNull(),
		flatWorkingGroupCents: integer('flat_working_group_cents').notNull(),
		flatSteeringGroupCents: integer('flat_steering_group_cents').notNull(),
		flatOtherCents: integer('flat_other_cents').notNull(),
		/** Cents per km by car; with official interest; by bicycle. */
		kmRateCents: integer('km_rate_cents').notNull(),
		kmRateOfficialCents: integer('km_rate_official_cents').notNull(),
		kmRateBicycleCents: integer('km_rate_bicycle_cents').notNull(),
		/** The most a single trip pays by km rate. */
		tripCapCents: integer('trip_cap_cents').notNull(),
		/** Ehrenamtspauschale (§3 Nr. 26a EStG): 96000 in 2026. */
		yearlyLimitCents: integer('yearly_limit_cents').notNull(),
		/** Not counted as income for people on social benefits (SGB II §11a): 300000. */
		benefitsLimitCents: integer('benefits_limit_cents').notNull(),
		/** The year's budget for allowances, shown on the office's overview; null when none is set. */
		budgetCents: integer('budget_cents'),
		updatedAt: timestamp('updated_at').notNull(),
		updatedByPersonId: text('updated_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [
		primaryKey({ columns: [t.conferenceId, t.year] }),
		check(
			'allowance_rules_non_negative',
			sql`${t.flatPlenaryCents} >= 0 AND ${t.flatWorkingGroupCents} >= 0 AND ${t.flatSteeringGroupCents} >= 0 AND ${t.flatOtherCents} >= 0 AND ${t.kmRateCents} >= 0 AND ${t.kmRateOfficialCents} >= 0 AND ${t.kmRateBicycleCents} >= 0 AND ${t.tripCapCents} >= 0 AND ${t.yearlyLimitCents} >= 0 AND ${t.benefitsLimitCents} >= 0`
		)
	]
);

/** The account the office pays from: the debtor of every payout file of the conference. */
export const payoutAccounts = sqliteTable('payout_accounts', {
	conferenceId: text('conference_id')
		.primaryKey()
		.references(() => conferences.id, { onDelete: 'cascade' }),
	debtorName: text('debtor_name').notNull(),
	/** Electronic form, no spaces, upper case. */
	debtorIban: text('debtor_iban').notNull(),
	debtorBic: text('debtor_bic'),
	updatedAt: timestamp('updated_at').notNull(),
	updatedByPersonId: text('updated_by_person_id').references(() => people.id, { onDelete: 'set null' })
});

/**
 * Who receives allowances, and where the money goes. Office-only. The account holder may be a
 * legal guardian; the exact name is kept (Verification of Payee). The IBAN can be erased after
 * payout (`ibanErasedAt`), the row stays.
 */
export const allowancePayees = sqliteTable(
	'allowance_payees',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		eligible: integer('eligible', { mode: 'boolean' }).notNull().default(false),
		accountHolder: text('account_holder'),
		/** Electronic form, no spaces, upper case; null when not given or erased. */
		iban: text('iban'),
		ibanErasedAt: timestamp('iban_erased_at'),
		/**
		 * When and by whom the account holder or IBAN last changed: where the money goes is under
		 * four eyes too, so whoever changed it does not release a claim approved before the change.
		 */
		bankChangedAt: timestamp('bank_changed_at'),
		bankChangedByPersonId: text('bank_changed_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at').notNull(),
		updatedByPersonId: text('updated_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.conferenceId, t.personId] })]
);

/**
 * "Receives social benefits": sensitive (it tells of a person's means), so it is stored only with
 * recorded consent, office-only, like support needs; the audit log records that it changed, never
 * what it says. Erasing it deletes the row (the one deletion here: it is not a booking record).
 */
export const socialBenefitFlags = sqliteTable(
	'social_benefit_flags',
	{
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'cascade' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'cascade' }),
		receivesBenefits: integer('receives_benefits', { mode: 'boolean' }).notNull(),
		consentRecordedAt: timestamp('consent_recorded_at').notNull(),
		consentRecordedByPersonId: text('consent_recorded_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.conferenceId, t.personId] })]
);

/**
 * One claim per person and attended meeting (a plenary sitting or a working-group meeting), with
 * the meeting's facts copied at drafting so a later change of the meeting never changes a claim.
 * Steps: draft → submitted → approved → released → paid; or rejected / cancelled.
 */
export const claims = sqliteTable(
	'claims',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'restrict' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		/** Per conference and year, e.g. 2026-0042 (`number` 42 of `year` 2026). */
		year: integer('year').notNull(),
		number: integer('number').notNull(),
		sessionId: text('session_id').references(() => plenarySessions.id, { onDelete: 'restrict' }),
		groupMeetingId: text('group_meeting_id').references(() => groupMeetings.id, { onDelete: 'restrict' }),
		meetingType: text('meeting_type', { enum: MEETING_TYPES }).notNull(),
		meetingTitle: text('meeting_title').notNull(),
		meetingStartsAt: timestamp('meeting_starts_at').notNull(),
		status: text('status', { enum: CLAIM_STATUSES }).notNull().default('draft'),
		/** The self-declaration ("my details are true"), confirmed by the person or by the office on their behalf. */
		declaredAt: timestamp('declared_at'),
		declaredByPersonId: text('declared_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		submittedAt: timestamp('submitted_at'),
		approvedAt: timestamp('approved_at'),
		approvedByPersonId: text('approved_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		/** Set when the office approved although the year's limit would be passed: the decision is recorded. */
		overLimitConfirmedAt: timestamp('over_limit_confirmed_at'),
		releasedAt: timestamp('released_at'),
		releasedByPersonId: text('released_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		paidAt: timestamp('paid_at'),
		batchId: text('batch_id').references(() => payoutBatches.id, { onDelete: 'restrict' }),
		/** Why the whole claim was rejected or cancelled, in plain words for the person. */
		reason: text('reason'),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at')
	},
	(t) => [
		uniqueIndex('claims_number').on(t.conferenceId, t.year, t.number),
		uniqueIndex('claims_person_session')
			.on(t.personId, t.sessionId)
			.where(sql`${t.sessionId} IS NOT NULL`),
		uniqueIndex('claims_person_group_meeting')
			.on(t.personId, t.groupMeetingId)
			.where(sql`${t.groupMeetingId} IS NOT NULL`),
		index('claims_conference_status_idx').on(t.conferenceId, t.status, t.meetingStartsAt),
		index('claims_person_idx').on(t.personId, t.year),
		index('claims_batch_idx').on(t.batchId),
		check('claims_one_meeting', sql`(${t.sessionId} IS NULL) <> (${t.groupMeetingId} IS NULL)`),
		check('claims_four_eyes', sql`${t.releasedByPersonId} IS NULL OR ${t.approvedByPersonId} IS NULL OR ${t.releasedByPersonId} <> ${t.approvedByPersonId}`)
	]
);

/**
 * The lines of a claim. Amounts are cents; a counter-entry (`reversal`) is negative and names the
 * line it reverses. A line is never deleted nor its amount changed: a line added by mistake in a
 * draft is `withdrawn`; once decided it can only be reversed.
 */
export const claimLines = sqliteTable(
	'claim_lines',
	{
		id: id(),
		claimId: text('claim_id')
			.notNull()
			.references(() => claims.id, { onDelete: 'restrict' }),
		kind: text('kind', { enum: CLAIM_LINE_KINDS }).notNull(),
		/** What it was for, as the person or the office wrote it (route of a trip, what a receipt is). */
		description: text('description'),
		/** Travel by km: the distance in tenths of a km, the means and whether the office marked official interest. */
		distanceTenthKm: integer('distance_tenth_km'),
		travelMode: text('travel_mode', { enum: TRAVEL_MODES }),
		officialInterest: integer('official_interest', { mode: 'boolean' }).notNull().default(false),
		amountCents: integer('amount_cents').notNull(),
		receiptId: text('receipt_id').references(() => receipts.id, { onDelete: 'restrict' }),
		status: text('status', { enum: CLAIM_LINE_STATUSES }).notNull().default('open'),
		decidedAt: timestamp('decided_at'),
		decidedByPersonId: text('decided_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		/** Why the line was rejected, or why a counter-entry was made; in plain words. */
		reason: text('reason'),
		reversesLineId: text('reverses_line_id'),
		createdAt: createdAt(),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [
		index('claim_lines_claim_idx').on(t.claimId),
		uniqueIndex('claim_lines_one_reversal')
			.on(t.reversesLineId)
			.where(sql`${t.reversesLineId} IS NOT NULL`),
		check(
			'claim_lines_sign',
			sql`CASE WHEN ${t.kind} = 'reversal' THEN ${t.amountCents} <= 0 AND ${t.reversesLineId} IS NOT NULL ELSE ${t.amountCents} >= 0 AND ${t.reversesLineId} IS NULL END`
		)
	]
);

/**
 * A receipt or ticket photo: its bytes are in `receipt_files`, never under `static/`, served only
 * to the person and the office. Images are stored with their metadata removed.
 */
export const receipts = sqliteTable(
	'receipts',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'restrict' }),
		personId: text('person_id')
			.notNull()
			.references(() => people.id, { onDelete: 'restrict' }),
		claimId: text('claim_id')
			.notNull()
			.references(() => claims.id, { onDelete: 'restrict' }),
		/** As stored (after conversion): image/jpeg, image/png or application/pdf. */
		contentType: text('content_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		sha256: text('sha256').notNull(),
		/** The name the file had, cut and cleaned, for the office's download only. */
		originalName: text('original_name'),
		uploadedByPersonId: text('uploaded_by_person_id').references(() => people.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('receipts_claim_idx').on(t.claimId)]
);

/**
 * A receipt's bytes, in the database on both dialects (several instances share no folder), written
 * in the same transaction as the receipt's row: no row without its file, no file without its row.
 * Like the receipt, never changed and never deleted (triggers in the migration).
 */
export const receiptFiles = sqliteTable('receipt_files', {
	receiptId: text('receipt_id')
		.primaryKey()
		.references(() => receipts.id, { onDelete: 'restrict' }),
	bytes: blob('bytes', { mode: 'buffer' }).notNull()
});

/** A SEPA credit-transfer file (pain.001.001.09) of released claims; its file is kept as built. */
export const payoutBatches = sqliteTable(
	'payout_batches',
	{
		id: id(),
		conferenceId: text('conference_id')
			.notNull()
			.references(() => conferences.id, { onDelete: 'restrict' }),
		/** Per conference, 1, 2, 3 …; the file's MsgId is derived from it. */
		number: integer('number').notNull(),
		messageId: text('message_id').notNull(),
		executionDate: text('execution_date').notNull(),
		transferCount: integer('transfer_count').notNull(),
		totalCents: integer('total_cents').notNull(),
		xml: text('xml').notNull(),
		createdAt: createdAt(),
		createdByPersonId: text('created_by_person_id').references(() => people.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('payout_batches_number').on(t.conferenceId, t.number), uniqueIndex('payout_batches_message_id').on(t.messageId)]
);
