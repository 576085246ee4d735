-- The audit log stays append-only, with one exception the retention of accessibility feedback
-- needs (FEEDBACK_RETENTION_DAYS): the entries about one piece of feedback may go once that
-- feedback itself is gone. No other entry can be deleted, and no entry can ever be changed.
DROP TRIGGER `audit_log_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
WHEN OLD.`subject_type` IS NOT 'accessibilityFeedback'
	OR EXISTS (SELECT 1 FROM `accessibility_feedback` WHERE `id` = OLD.`subject_id`)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
