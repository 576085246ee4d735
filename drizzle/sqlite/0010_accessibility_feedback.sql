CREATE TABLE `accessibility_feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text,
	`message` text NOT NULL,
	`name` text,
	`email` text,
	`page_url` text,
	`received_at` integer NOT NULL,
	`reply_due_at` integer NOT NULL,
	`answered_at` integer,
	`answered_by_person_id` text,
	`answer_note` text,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`answered_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `accessibility_feedback_conference_idx` ON `accessibility_feedback` (`conference_id`,`answered_at`,`reply_due_at`);