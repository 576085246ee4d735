CREATE TABLE `receipt_files` (
	`receipt_id` text PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`receipt_id`) REFERENCES `receipts`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
-- Hand-written: a receipt's bytes are kept as its row is (0017's receipts_never_change, receipts_no_delete).
CREATE TRIGGER `receipt_files_never_change` BEFORE UPDATE ON `receipt_files`
BEGIN
	SELECT RAISE(ABORT, 'receipt files never change');
END;
--> statement-breakpoint
CREATE TRIGGER `receipt_files_no_delete` BEFORE DELETE ON `receipt_files`
BEGIN
	SELECT RAISE(ABORT, 'receipt files are never deleted');
END;
