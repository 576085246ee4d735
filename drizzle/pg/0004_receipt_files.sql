CREATE TABLE "receipt_files" (
	"receipt_id" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "receipt_files" ADD CONSTRAINT "receipt_files_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- Hand-written, as drizzle/sqlite/0023: a receipt's bytes are kept as its row is (refuse_change from 0001).
CREATE TRIGGER receipt_files_never_change BEFORE UPDATE ON receipt_files
	FOR EACH ROW EXECUTE FUNCTION refuse_change('receipt files never change');
--> statement-breakpoint
CREATE TRIGGER receipt_files_no_delete BEFORE DELETE ON receipt_files
	FOR EACH ROW EXECUTE FUNCTION refuse_change('receipt files are never deleted');
