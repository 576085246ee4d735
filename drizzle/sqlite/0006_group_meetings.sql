CREATE TABLE `group_meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`place` text,
	`video_url` text,
	`agenda` text NOT NULL,
	`moderator_person_id` text,
	`minute_taker_person_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`moderator_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`minute_taker_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "group_meetings_somewhere" CHECK("group_meetings"."place" IS NOT NULL OR "group_meetings"."video_url" IS NOT NULL),
	CONSTRAINT "group_meetings_duration" CHECK("group_meetings"."duration_minutes" BETWEEN 15 AND 600)
);
--> statement-breakpoint
CREATE INDEX `group_meetings_group_idx` ON `group_meetings` (`group_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`meeting_id` text NOT NULL,
	`person_id` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by_person_id` text,
	FOREIGN KEY (`meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_attendance_meeting_person` ON `meeting_attendance` (`meeting_id`,`person_id`);