CREATE TABLE `digest_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`send_id` text NOT NULL,
	`subscriber_id` text NOT NULL,
	`edition` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`message_id` text NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`send_id`) REFERENCES `digest_sends`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subscriber_id`) REFERENCES `newsletter_subscribers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_deliveries_recipient` ON `digest_deliveries` (`send_id`,`subscriber_id`);--> statement-breakpoint
CREATE INDEX `digest_deliveries_due_idx` ON `digest_deliveries` (`send_id`,`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `digest_sends` (
	`id` text PRIMARY KEY NOT NULL,
	`digest_id` text NOT NULL,
	`conference_id` text NOT NULL,
	`state` text DEFAULT 'sending' NOT NULL,
	`pause_reason` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`started_at` integer NOT NULL,
	`started_by_person_id` text,
	`finished_at` integer,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`started_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_sends_digest` ON `digest_sends` (`digest_id`);--> statement-breakpoint
CREATE INDEX `digest_sends_state_idx` ON `digest_sends` (`state`);--> statement-breakpoint
CREATE TABLE `digest_suggestions_used` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`digest_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`used_at` integer NOT NULL,
	`used_by_person_id` text,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`used_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_suggestions_used_source` ON `digest_suggestions_used` (`conference_id`,`source_kind`,`source_id`);--> statement-breakpoint
CREATE INDEX `digest_suggestions_used_digest_idx` ON `digest_suggestions_used` (`digest_id`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`number` integer,
	`title` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`created_by_person_id` text,
	`created_at` integer NOT NULL,
	`audience_group_id` text,
	`published_at` integer,
	`published_by_person_id` text,
	`html_standard` text,
	`text_standard` text,
	`html_easy` text,
	`text_easy` text,
	`easy_unchecked` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`audience_group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`published_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "digests_published_complete" CHECK("digests"."state" <> 'published' OR ("digests"."number" IS NOT NULL AND "digests"."published_at" IS NOT NULL AND "digests"."html_standard" IS NOT NULL AND "digests"."text_standard" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `digests_conference_idx` ON `digests` (`conference_id`,`state`,`published_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `digests_number` ON `digests` (`conference_id`,`number`);--> statement-breakpoint
CREATE TABLE `newsletter_consents` (
	`id` text PRIMARY KEY NOT NULL,
	`subscriber_id` text NOT NULL,
	`event` text NOT NULL,
	`at` integer NOT NULL,
	`form_text` text,
	`privacy_policy_version` text,
	`via` text NOT NULL,
	`edition` text,
	`client_address` text,
	FOREIGN KEY (`subscriber_id`) REFERENCES `newsletter_subscribers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `newsletter_consents_subscriber_idx` ON `newsletter_consents` (`subscriber_id`,`at`);--> statement-breakpoint
CREATE TABLE `newsletter_subscribers` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`person_id` text,
	`edition` text DEFAULT 'standard' NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`confirm_token_hash` text,
	`confirm_expires_at` integer,
	`token_version` integer DEFAULT 1 NOT NULL,
	`permanent_failures` integer DEFAULT 0 NOT NULL,
	`bouncing_since` integer,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`unsubscribed_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "newsletter_subscribers_active_confirmed" CHECK("newsletter_subscribers"."state" <> 'active' OR "newsletter_subscribers"."confirmed_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_subscribers_email` ON `newsletter_subscribers` (`conference_id`,`email`);--> statement-breakpoint
CREATE INDEX `newsletter_subscribers_state_idx` ON `newsletter_subscribers` (`conference_id`,`state`);--> statement-breakpoint
CREATE INDEX `newsletter_subscribers_person_idx` ON `newsletter_subscribers` (`person_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_subscribers_confirm_idx` ON `newsletter_subscribers` (`confirm_token_hash`);--> statement-breakpoint
-- A published digest is a record: the page, the archive, the feed and every mail show the same text.
CREATE TRIGGER `digests_published_final` BEFORE UPDATE ON `digests` WHEN OLD.`state` = 'published'
BEGIN
	SELECT RAISE(ABORT, 'a published digest never changes');
END;
--> statement-breakpoint
CREATE TRIGGER `digests_published_no_delete` BEFORE DELETE ON `digests` WHEN OLD.`state` = 'published'
BEGIN
	SELECT RAISE(ABORT, 'a published digest is never deleted');
END;
--> statement-breakpoint
-- The consent log is proof: it is appended to, never rewritten (erasure deletes it with its subscriber).
CREATE TRIGGER `newsletter_consents_never_change` BEFORE UPDATE ON `newsletter_consents`
BEGIN
	SELECT RAISE(ABORT, 'the consent log is never changed');
END;
