CREATE TABLE `easy_texts` (
	`id` text PRIMARY KEY NOT NULL,
	`conference_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`source_fingerprint` text NOT NULL,
	`written_by_person_id` text,
	`written_at` integer NOT NULL,
	`checked_by_person_id` text,
	`checked_at` integer,
	FOREIGN KEY (`conference_id`) REFERENCES `conferences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`written_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`checked_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "easy_texts_checked_has_date" CHECK(("easy_texts"."status" = 'checked') = ("easy_texts"."checked_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `easy_texts_subject` ON `easy_texts` (`kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `easy_texts_conference_idx` ON `easy_texts` (`conference_id`,`status`);--> statement-breakpoint
-- A changed easy text has not been checked by anyone: it must go back to draft with the change.
CREATE TRIGGER `easy_texts_change_needs_new_check` BEFORE UPDATE OF `body` ON `easy_texts`
WHEN NEW.`body` <> OLD.`body` AND NEW.`status` = 'checked'
BEGIN
	SELECT RAISE(ABORT, 'easy_texts: a changed text must be checked again');
END;
