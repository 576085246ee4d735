CREATE TABLE `poll_ballots` (
	`id` text PRIMARY KEY NOT NULL,
	`poll_id` text NOT NULL,
	`seat_person_id` text NOT NULL,
	`voter_person_id` text NOT NULL,
	`choice` text,
	`statement` text,
	`cast_at` integer NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`seat_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`voter_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "poll_ballots_statement_only_with_choice" CHECK("poll_ballots"."statement" IS NULL OR "poll_ballots"."choice" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `poll_ballots_one_per_seat` ON `poll_ballots` (`poll_id`,`seat_person_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `poll_ballots_one_per_voter` ON `poll_ballots` (`poll_id`,`voter_person_id`);--> statement-breakpoint
CREATE TABLE `poll_tallies` (
	`poll_id` text NOT NULL,
	`choice` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `poll_tallies_poll_choice` ON `poll_tallies` (`poll_id`,`choice`);--> statement-breakpoint
CREATE TABLE `polls` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`agenda_item_id` text NOT NULL,
	`item_title` text NOT NULL,
	`motion` text NOT NULL,
	`kind` text NOT NULL,
	`secrecy` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`majority` text NOT NULL,
	`quorum_percent` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by_person_id` text,
	`closed_at` integer,
	`closed_by_person_id` text,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`opened_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closed_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "polls_consensus_is_named" CHECK("polls"."kind" = 'vote' OR "polls"."secrecy" = 'named'),
	CONSTRAINT "polls_quorum_percent" CHECK("polls"."quorum_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE INDEX `polls_session_idx` ON `polls` (`session_id`,`opened_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `polls_one_open_per_session` ON `polls` (`session_id`) WHERE "polls"."status" = 'open';--> statement-breakpoint
CREATE TABLE `resolutions` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`poll_id` text NOT NULL,
	`number` integer NOT NULL,
	`agenda_item_id` text NOT NULL,
	`item_title` text NOT NULL,
	`motion` text NOT NULL,
	`kind` text NOT NULL,
	`secrecy` text NOT NULL,
	`outcome` text NOT NULL,
	`tally` text NOT NULL,
	`seats` text NOT NULL,
	`majority` text NOT NULL,
	`quorum_percent` integer NOT NULL,
	`decided_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resolutions_poll` ON `resolutions` (`poll_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `resolutions_session_number` ON `resolutions` (`session_id`,`number`);--> statement-breakpoint
-- A resolution is the record of a decision: written once, never changed afterwards.
CREATE TRIGGER `resolutions_never_change` BEFORE UPDATE ON `resolutions`
BEGIN
	SELECT RAISE(ABORT, 'resolutions are never changed');
END;
