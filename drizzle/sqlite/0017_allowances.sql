CREATE TABLE `allowance_payees` (
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`eligible` integer DEFAULT false NOT NULL,
	`account_holder` text,
	`iban` text,
	`iban_erased_at` integer,
	`updated_at` integer NOT NULL,
	`updated_by_person_id` text,
	PRIMARY KEY(`conference_id`, `person_id`),
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `allowance_rules` (
	`conference_id` text NOT NULL,
	`year` integer NOT NULL,
	`flat_plenary_cents` integer NOT NULL,
	`flat_working_group_cents` integer NOT NULL,
	`flat_steering_group_cents` integer NOT NULL,
	`flat_other_cents` integer NOT NULL,
	`km_rate_cents` integer NOT NULL,
	`km_rate_official_cents` integer NOT NULL,
	`km_rate_bicycle_cents` integer NOT NULL,
	`trip_cap_cents` integer NOT NULL,
	`yearly_limit_cents` integer NOT NULL,
	`benefits_limit_cents` integer NOT NULL,
	`budget_cents` integer,
	`updated_at` integer NOT NULL,
	`updated_by_person_id` text,
	PRIMARY KEY(`conference_id`, `year`),
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "allowance_rules_non_negative" CHECK("allowance_rules"."flat_plenary_cents" >= 0 AND "allowance_rules"."flat_working_group_cents" >= 0 AND "allowance_rules"."flat_steering_group_cents" >= 0 AND "allowance_rules"."flat_other_cents" >= 0 AND "allowance_rules"."km_rate_cents" >= 0 AND "allowance_rules"."km_rate_official_cents" >= 0 AND "allowance_rules"."km_rate_bicycle_cents" >= 0 AND "allowance_rules"."trip_cap_cents" >= 0 AND "allowance_rules"."yearly_limit_cents" >= 0 AND "allowance_rules"."benefits_limit_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE `claim_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`claim_id` text NOT NULL,
	`kind` text NOT NULL,
	`description` text,
	`distance_tenth_km` integer,
	`travel_mode` text,
	`official_interest` integer DEFAULT false NOT NULL,
	`amount_cents` integer NOT NULL,
	`receipt_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`decided_at` integer,
	`decided_by_person_id` text,
	`reason` text,
	`reverses_line_id` text,
	`created_at` integer NOT NULL,
	`created_by_person_id` text,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`receipt_id`) REFERENCES `receipts`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`decided_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "claim_lines_sign" CHECK(CASE WHEN "claim_lines"."kind" = 'reversal' THEN "claim_lines"."amount_cents" <= 0 AND "claim_lines"."reverses_line_id" IS NOT NULL ELSE "claim_lines"."amount_cents" >= 0 AND "claim_lines"."reverses_line_id" IS NULL END)
);
--> statement-breakpoint
CREATE INDEX `claim_lines_claim_idx` ON `claim_lines` (`claim_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `claim_lines_one_reversal` ON `claim_lines` (`reverses_line_id`) WHERE "claim_lines"."reverses_line_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `claims` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`session_id` text,
	`group_meeting_id` text,
	`meeting_type` text NOT NULL,
	`meeting_title` text NOT NULL,
	`meeting_starts_at` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`declared_at` integer,
	`declared_by_person_id` text,
	`submitted_at` integer,
	`approved_at` integer,
	`approved_by_person_id` text,
	`over_limit_confirmed_at` integer,
	`released_at` integer,
	`released_by_person_id` text,
	`paid_at` integer,
	`batch_id` text,
	`reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`group_meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`declared_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`approved_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`released_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`batch_id`) REFERENCES `payout_batches`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "claims_one_meeting" CHECK(("claims"."session_id" IS NULL) <> ("claims"."group_meeting_id" IS NULL)),
	CONSTRAINT "claims_four_eyes" CHECK("claims"."released_by_person_id" IS NULL OR "claims"."approved_by_person_id" IS NULL OR "claims"."released_by_person_id" <> "claims"."approved_by_person_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_number` ON `claims` (`conference_id`,`year`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `claims_person_session` ON `claims` (`person_id`,`session_id`) WHERE "claims"."session_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `claims_person_group_meeting` ON `claims` (`person_id`,`group_meeting_id`) WHERE "claims"."group_meeting_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `claims_conference_status_idx` ON `claims` (`conference_id`,`status`,`meeting_starts_at`);--> statement-breakpoint
CREATE INDEX `claims_person_idx` ON `claims` (`person_id`,`year`);--> statement-breakpoint
CREATE INDEX `claims_batch_idx` ON `claims` (`batch_id`);--> statement-breakpoint
CREATE TABLE `payout_accounts` (
	`conference_id` text PRIMARY KEY NOT NULL,
	`debtor_name` text NOT NULL,
	`debtor_iban` text NOT NULL,
	`debtor_bic` text,
	`updated_at` integer NOT NULL,
	`updated_by_person_id` text,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `payout_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`number` integer NOT NULL,
	`message_id` text NOT NULL,
	`execution_date` text NOT NULL,
	`transfer_count` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`xml` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_person_id` text,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payout_batches_number` ON `payout_batches` (`conference_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `payout_batches_message_id` ON `payout_batches` (`message_id`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`claim_id` text NOT NULL,
	`content_type` text NOT NULL,
	`byte_size` integer NOT NULL,
	`sha256` text NOT NULL,
	`original_name` text,
	`uploaded_by_person_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`uploaded_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `receipts_claim_idx` ON `receipts` (`claim_id`);--> statement-breakpoint
CREATE TABLE `social_benefit_flags` (
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`receives_benefits` integer NOT NULL,
	`consent_recorded_at` integer NOT NULL,
	`consent_recorded_by_person_id` text,
	PRIMARY KEY(`conference_id`, `person_id`),
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`consent_recorded_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `working_groups` ADD `kind` text DEFAULT 'working' NOT NULL;--> statement-breakpoint
-- Booking records are never deleted: a mistake is reversed by a counter-entry with a reason.
CREATE TRIGGER `claims_no_delete` BEFORE DELETE ON `claims`
BEGIN
	SELECT RAISE(ABORT, 'claims are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `claims_paid_final` BEFORE UPDATE ON `claims` WHEN OLD.`status` = 'paid'
BEGIN
	SELECT RAISE(ABORT, 'a paid claim never changes; reverse its lines instead');
END;
--> statement-breakpoint
CREATE TRIGGER `claim_lines_no_delete` BEFORE DELETE ON `claim_lines`
BEGIN
	SELECT RAISE(ABORT, 'claim lines are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `claim_lines_amount_fixed` BEFORE UPDATE OF `claim_id`, `kind`, `amount_cents`, `distance_tenth_km`, `travel_mode`, `official_interest`, `receipt_id`, `reverses_line_id`, `created_at`, `created_by_person_id` ON `claim_lines`
BEGIN
	SELECT RAISE(ABORT, 'a claim line keeps its amount; reverse it instead');
END;
--> statement-breakpoint
CREATE TRIGGER `receipts_never_change` BEFORE UPDATE ON `receipts`
BEGIN
	SELECT RAISE(ABORT, 'receipts never change');
END;
--> statement-breakpoint
CREATE TRIGGER `receipts_no_delete` BEFORE DELETE ON `receipts`
BEGIN
	SELECT RAISE(ABORT, 'receipts are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `payout_batches_never_change` BEFORE UPDATE ON `payout_batches`
BEGIN
	SELECT RAISE(ABORT, 'a payout batch never changes');
END;
--> statement-breakpoint
CREATE TRIGGER `payout_batches_no_delete` BEFORE DELETE ON `payout_batches`
BEGIN
	SELECT RAISE(ABORT, 'payout batches are never deleted');
END;
