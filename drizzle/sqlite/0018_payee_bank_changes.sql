ALTER TABLE `allowance_payees` ADD `bank_changed_at` integer;--> statement-breakpoint
ALTER TABLE `allowance_payees` ADD `bank_changed_by_person_id` text REFERENCES people(id);