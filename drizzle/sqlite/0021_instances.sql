CREATE TABLE `instances` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`with_redis` integer NOT NULL,
	`started_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
