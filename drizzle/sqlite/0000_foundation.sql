CREATE TABLE `accounts` (
	`person_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`is_platform_admin` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "accounts_email_lower" CHECK("accounts"."email" = lower("accounts"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`email` text,
	`organisation` text,
	`preferred_locale` text DEFAULT 'de' NOT NULL,
	`prefers_easy_language` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `people_display_name_idx` ON `people` (`display_name`);--> statement-breakpoint
CREATE TABLE `support_profiles` (
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`self_advocate` integer DEFAULT false NOT NULL,
	`needs_sign_language` integer DEFAULT false NOT NULL,
	`needs_step_free_access` integer DEFAULT false NOT NULL,
	`needs_companion` integer DEFAULT false NOT NULL,
	`consent_recorded_at` integer NOT NULL,
	`consent_recorded_by` text,
	PRIMARY KEY(`conference_id`, `person_id`),
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`consent_recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `access_links` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`conference_id` text,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`expires_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	`last_used_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revoked_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_links_token_hash_unique` ON `access_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `access_links_person_idx` ON `access_links` (`person_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`access_link_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`access_link_id`) REFERENCES `access_links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_person_idx` ON `sessions` (`person_id`);--> statement-breakpoint
CREATE INDEX `sessions_access_link_idx` ON `sessions` (`access_link_id`);--> statement-breakpoint
CREATE TABLE `conference_memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`person_id` text NOT NULL,
	`role` text NOT NULL,
	`member_status` text,
	`deputy_for_person_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`deputy_for_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conference_memberships_status_only_for_members" CHECK(("conference_memberships"."role" = 'member') = ("conference_memberships"."member_status" IS NOT NULL)),
	CONSTRAINT "conference_memberships_deputy_names_principal" CHECK("conference_memberships"."deputy_for_person_id" IS NULL OR "conference_memberships"."member_status" = 'deputy')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_memberships_unique` ON `conference_memberships` (`conference_id`,`person_id`,`role`);--> statement-breakpoint
CREATE INDEX `conference_memberships_person_idx` ON `conference_memberships` (`person_id`);--> statement-breakpoint
CREATE TABLE `conferences` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`description` text,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `group_memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`person_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `working_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_memberships_unique` ON `group_memberships` (`group_id`,`person_id`,`role`);--> statement-breakpoint
CREATE INDEX `group_memberships_person_idx` ON `group_memberships` (`person_id`);--> statement-breakpoint
CREATE TABLE `working_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `working_groups_conference_idx` ON `working_groups` (`conference_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_person_id` text,
	`conference_id` text,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject_idx` ON `audit_log` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `audit_log_conference_idx` ON `audit_log` (`conference_id`,`seq`);