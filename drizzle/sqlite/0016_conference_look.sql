CREATE TABLE `conference_logos` (
	`conference_id` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`bytes` blob NOT NULL,
	`size` integer NOT NULL,
	`version` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "conference_logos_content_type" CHECK("conference_logos"."content_type" in ('image/png', 'image/jpeg', 'image/webp'))
);
