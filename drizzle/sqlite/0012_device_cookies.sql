-- Browsers a person signed in to their account with by password (OWASP device cookies): only
-- the SHA-256 of the cookie's token is kept, and the rows go with the account.
CREATE TABLE `trusted_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `accounts`(`person_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trusted_devices_person_idx` ON `trusted_devices` (`person_id`);