-- Issue 15: counts taken in the room (hands, paper) next to the ballots on devices, and the room
-- when a poll opened, so the resolution says whether the sitting was quorate then and at its close.
ALTER TABLE `poll_tallies` ADD `room_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `polls` ADD `seats_at_open` text;--> statement-breakpoint
ALTER TABLE `resolutions` ADD `room_tally` text;--> statement-breakpoint
ALTER TABLE `resolutions` ADD `seats_at_open` text;