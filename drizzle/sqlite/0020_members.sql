CREATE TABLE `conference_sectors` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`name` text NOT NULL,
	`target_seats` integer DEFAULT 0 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "conference_sectors_target" CHECK("conference_sectors"."target_seats" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_sectors_name` ON `conference_sectors` (`conference_id`,`name`);--> statement-breakpoint
CREATE TABLE `conference_signatures` (
	`conference_id` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`bytes` blob NOT NULL,
	`size` integer NOT NULL,
	`version` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `diversity_profiles` (
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`age_band` text DEFAULT 'no_answer' NOT NULL,
	`gender` text DEFAULT 'no_answer' NOT NULL,
	`disability` text DEFAULT 'no_answer' NOT NULL,
	`chronic_illness` text DEFAULT 'no_answer' NOT NULL,
	`psychiatric` text DEFAULT 'no_answer' NOT NULL,
	`migration` text DEFAULT 'no_answer' NOT NULL,
	`caring_relative` text DEFAULT 'no_answer' NOT NULL,
	`consent_recorded_at` integer NOT NULL,
	`consent_recorded_by` text,
	`updated_at` integer,
	PRIMARY KEY(`conference_id`, `person_id`),
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`consent_recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `invitation_campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`target` text NOT NULL,
	`session_id` text,
	`meeting_id` text,
	`channel` text DEFAULT 'mail' NOT NULL,
	`subject` text NOT NULL,
	`letter_standard` text NOT NULL,
	`letter_easy` text,
	`capacity` integer,
	`answer_until` integer NOT NULL,
	`remind_days_before` integer,
	`reminded_at` integer,
	`created_by_person_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `plenary_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "invitation_campaigns_one_date" CHECK(("invitation_campaigns"."target" = 'plenary' AND "invitation_campaigns"."session_id" IS NOT NULL AND "invitation_campaigns"."meeting_id" IS NULL) OR ("invitation_campaigns"."target" = 'meeting' AND "invitation_campaigns"."meeting_id" IS NOT NULL AND "invitation_campaigns"."session_id" IS NULL)),
	CONSTRAINT "invitation_campaigns_capacity" CHECK("invitation_campaigns"."capacity" IS NULL OR "invitation_campaigns"."capacity" BETWEEN 1 AND 100000),
	CONSTRAINT "invitation_campaigns_reminder" CHECK("invitation_campaigns"."remind_days_before" IS NULL OR "invitation_campaigns"."remind_days_before" BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE INDEX `invitation_campaigns_conference_idx` ON `invitation_campaigns` (`conference_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `invitation_campaigns_session_idx` ON `invitation_campaigns` (`session_id`);--> statement-breakpoint
CREATE INDEX `invitation_campaigns_meeting_idx` ON `invitation_campaigns` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `invitation_needs` (
	`invitation_id` text NOT NULL,
	`need` text NOT NULL,
	`detail` text,
	PRIMARY KEY(`invitation_id`, `need`),
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`token_version` integer DEFAULT 1 NOT NULL,
	`answer` text,
	`place` text,
	`waiting_since` integer,
	`answered_at` integer,
	`moved_up_at` integer,
	`reminded_at` integer,
	`mailed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `invitation_campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "invitations_place_only_for_yes" CHECK(("invitations"."answer" = 'yes') = ("invitations"."place" IS NOT NULL)),
	CONSTRAINT "invitations_waiting_since" CHECK(("invitations"."place" = 'waiting') = ("invitations"."waiting_since" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_campaign_person` ON `invitations` (`campaign_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `invitations_person_idx` ON `invitations` (`person_id`);--> statement-breakpoint
CREATE INDEX `invitations_waiting_idx` ON `invitations` (`campaign_id`,`place`,`waiting_since`);--> statement-breakpoint
CREATE TABLE `member_seats` (
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`sector_id` text,
	`appointed_from` integer,
	`appointed_until` integer,
	`term_reminded_at` integer,
	`updated_at` integer,
	PRIMARY KEY(`conference_id`, `person_id`),
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sector_id`) REFERENCES `conference_sectors`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "member_seats_term_order" CHECK("member_seats"."appointed_from" IS NULL OR "member_seats"."appointed_until" IS NULL OR "member_seats"."appointed_from" <= "member_seats"."appointed_until")
);
--> statement-breakpoint
CREATE INDEX `member_seats_sector_idx` ON `member_seats` (`conference_id`,`sector_id`);--> statement-breakpoint
CREATE INDEX `member_seats_term_idx` ON `member_seats` (`conference_id`,`appointed_until`);--> statement-breakpoint
CREATE TABLE `sector_group_targets` (
	`group_id` text NOT NULL,
	`sector_id` text NOT NULL,
	`target_seats` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`group_id`, `sector_id`),
	FOREIGN KEY (`group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sector_id`) REFERENCES `conference_sectors`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "sector_group_targets_target" CHECK("sector_group_targets"."target_seats" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `working_groups_one_steering` ON `working_groups` (`conference_id`) WHERE "working_groups"."kind" = 'steering';