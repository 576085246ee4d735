CREATE TABLE `recommendation_events` (
	`id` text PRIMARY KEY NOT NULL,
	`recommendation_id` text NOT NULL,
	`event` text NOT NULL,
	`at` integer NOT NULL,
	`by_person_id` text,
	`session_id` text,
	`agenda_item_id` text,
	`resolution_id` text,
	`body` text,
	`forwarded_on` integer,
	`note` text,
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "recommendation_events_forward_names_body" CHECK("recommendation_events"."event" <> 'forwarded' OR ("recommendation_events"."body" IS NOT NULL AND "recommendation_events"."forwarded_on" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `recommendation_events_recommendation_idx` ON `recommendation_events` (`recommendation_id`,`at`);--> statement-breakpoint
CREATE TABLE `recommendation_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`recommendation_id` text NOT NULL,
	`state` text NOT NULL,
	`note` text NOT NULL,
	`reported_on` integer NOT NULL,
	`reporter_person_id` text,
	`reporter_organisation` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `recommendation_updates_recommendation_idx` ON `recommendation_updates` (`recommendation_id`,`reported_on`);--> statement-breakpoint
CREATE TABLE `recommendations` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`group_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text NOT NULL,
	`problem` text,
	`proposal` text,
	`responsible_bodies` text,
	`easy_summary` text,
	`frozen_at` integer,
	`session_id` text,
	`agenda_item_id` text,
	`agenda_item_title` text,
	`resolution_id` text,
	`created_by_person_id` text,
	`created_at` integer NOT NULL,
	`status_changed_at` integer NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "recommendations_item_with_session" CHECK("recommendations"."agenda_item_id" IS NULL OR "recommendations"."session_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `recommendations_conference_idx` ON `recommendations` (`conference_id`,`status`);--> statement-breakpoint
CREATE INDEX `recommendations_group_idx` ON `recommendations` (`group_id`);--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers). A recommendation's history and its
-- implementation reports are records: written once, never changed afterwards. Only the person
-- and session references may still be cleared (ON DELETE SET NULL when a person is erased).
CREATE TRIGGER `recommendation_events_never_change`
BEFORE UPDATE OF `id`, `recommendation_id`, `event`, `at`, `agenda_item_id`, `resolution_id`, `body`, `forwarded_on`, `note` ON `recommendation_events`
BEGIN
	SELECT RAISE(ABORT, 'recommendation events are never changed');
END;
--> statement-breakpoint
CREATE TRIGGER `recommendation_updates_never_change`
BEFORE UPDATE OF `id`, `recommendation_id`, `state`, `note`, `reported_on`, `reporter_organisation`, `created_at` ON `recommendation_updates`
BEGIN
	SELECT RAISE(ABORT, 'implementation reports are never changed');
END;
--> statement-breakpoint
-- Once submitted to the plenary, the texts are what the plenary decides on, and after that
-- what was decided: they change again only after the plenary referred the recommendation back.
CREATE TRIGGER `recommendations_decided_text_never_changes` BEFORE UPDATE ON `recommendations`
WHEN OLD.`status` IN ('submitted', 'adopted', 'rejected', 'forwarded')
	AND (NEW.`title` IS NOT OLD.`title` OR NEW.`problem` IS NOT OLD.`problem` OR NEW.`proposal` IS NOT OLD.`proposal`
		OR NEW.`responsible_bodies` IS NOT OLD.`responsible_bodies` OR NEW.`easy_summary` IS NOT OLD.`easy_summary`)
BEGIN
	SELECT RAISE(ABORT, 'the texts of a recommendation before the plenary are never changed');
END;
