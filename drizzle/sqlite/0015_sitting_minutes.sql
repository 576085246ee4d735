CREATE TABLE `sitting_minutes` (
	`session_id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`minute_taker_person_id` text,
	`corrections_until` integer,
	`circulated_at` integer,
	`approved_at` integer,
	`approved_by_person_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`minute_taker_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`approved_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "sitting_minutes_approved" CHECK("sitting_minutes"."status" <> 'approved' OR "sitting_minutes"."approved_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE `sitting_minutes_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`number` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`html` text NOT NULL,
	`lines` text NOT NULL,
	`state` blob NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_person_id` text,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sitting_minutes_versions_session_number` ON `sitting_minutes_versions` (`session_id`,`number`);--> statement-breakpoint
ALTER TABLE `meeting_minutes` ADD `corrections_until` integer;--> statement-breakpoint
-- A version is a record: its content never changes (erasing a person may still clear who took it).
CREATE TRIGGER `sitting_minutes_versions_immutable` BEFORE UPDATE OF `session_id`, `number`, `reason`, `status`, `html`, `lines`, `state`, `created_at` ON `sitting_minutes_versions`
BEGIN
	SELECT RAISE(ABORT, 'minutes versions are immutable');
END;
