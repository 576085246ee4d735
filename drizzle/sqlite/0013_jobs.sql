-- Durable background jobs (src/lib/server/jobs/): enqueued in the command's own transaction,
-- claimed by the runner with a lease; a key is unique while its job is not done.
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`conference_id` text,
	`key` text,
	`state` text DEFAULT 'queued' NOT NULL,
	`run_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`last_error` text,
	`lease_owner` text,
	`lease_until` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_key_open_idx` ON `jobs` (`key`) WHERE "jobs"."key" IS NOT NULL AND "jobs"."state" <> 'done';--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`state`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_conference_state_idx` ON `jobs` (`conference_id`,`state`);--> statement-breakpoint
CREATE INDEX `jobs_key_idx` ON `jobs` (`key`);