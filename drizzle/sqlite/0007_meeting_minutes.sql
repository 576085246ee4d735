CREATE TABLE `meeting_minutes` (
	`meeting_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`circulated_at` integer,
	`approved_at` integer,
	`approved_by_person_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`approved_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "meeting_minutes_approved" CHECK("meeting_minutes"."status" <> 'approved' OR "meeting_minutes"."approved_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE `minutes_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`number` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`html` text NOT NULL,
	`lines` text NOT NULL,
	`state` blob NOT NULL,
	`restored_from_number` integer,
	`created_at` integer NOT NULL,
	`created_by_person_id` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `minutes_versions_meeting_number` ON `minutes_versions` (`meeting_id`,`number`);--> statement-breakpoint
-- A version is a record: its content never changes (erasing a person may still clear who took it).
CREATE TRIGGER `minutes_versions_immutable` BEFORE UPDATE OF `meeting_id`, `number`, `reason`, `status`, `html`, `lines`, `state`, `restored_from_number`, `created_at` ON `minutes_versions`
BEGIN
	SELECT RAISE(ABORT, 'minutes versions are immutable');
END;
