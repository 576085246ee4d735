CREATE TABLE `attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`person_id` text NOT NULL,
	`checked_in_at` integer NOT NULL,
	`method` text NOT NULL,
	`recorded_by_person_id` text,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "attendance_only_office_has_recorder" CHECK("attendance"."method" = 'office' OR "attendance"."recorded_by_person_id" IS NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_session_person` ON `attendance` (`session_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `plenary_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`place` text NOT NULL,
	`video_url` text,
	`check_in_code` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plenary_sessions_check_in_code` ON `plenary_sessions` (`check_in_code`);--> statement-breakpoint
CREATE INDEX `plenary_sessions_conference_idx` ON `plenary_sessions` (`conference_id`,`starts_at`);