-- Hand-written (drizzle-kit does not generate triggers): the append-only and immutable records of
-- drizzle/sqlite, with the same names, the same conditions and the same messages. SQLite's
-- RAISE(ABORT, …) is a constraint failure; here it is SQLSTATE 23001 (restrict_violation), an
-- integrity constraint violation as well, so callers can tell it from a broken connection.
-- A trigger's message is its first argument, so one function serves every plain refusal.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = TG_ARGV[0], TABLE = TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
-- The audit log is append-only. The one exception (0011_feedback_retention in SQLite): the rows
-- about accessibility feedback that no longer exists may go, so the retention purge can erase
-- them. PostgreSQL allows no subquery in a trigger's WHEN, so the condition lives in the function.
CREATE FUNCTION audit_log_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.subject_type IS DISTINCT FROM 'accessibilityFeedback'
		OR EXISTS (SELECT 1 FROM accessibility_feedback WHERE id = OLD.subject_id) THEN
		RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = 'audit_log is append-only', TABLE = TG_TABLE_NAME;
	END IF;
	RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION refuse_change('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER resolutions_never_change BEFORE UPDATE ON resolutions
	FOR EACH ROW EXECUTE FUNCTION refuse_change('resolutions are never changed');
--> statement-breakpoint
CREATE TRIGGER minutes_versions_immutable
	BEFORE UPDATE OF meeting_id, number, reason, status, html, lines, state, restored_from_number, created_at ON minutes_versions
	FOR EACH ROW EXECUTE FUNCTION refuse_change('minutes versions are immutable');
--> statement-breakpoint
-- A recommendation's history and its implementation reports are written once; only the person
-- and session references may still be cleared (ON DELETE SET NULL when a person is erased).
CREATE TRIGGER recommendation_events_never_change
	BEFORE UPDATE OF id, recommendation_id, event, at, agenda_item_id, resolution_id, body, forwarded_on, note ON recommendation_events
	FOR EACH ROW EXECUTE FUNCTION refuse_change('recommendation events are never changed');
--> statement-breakpoint
CREATE TRIGGER recommendation_updates_never_change
	BEFORE UPDATE OF id, recommendation_id, state, note, reported_on, reporter_organisation, created_at ON recommendation_updates
	FOR EACH ROW EXECUTE FUNCTION refuse_change('implementation reports are never changed');
--> statement-breakpoint
-- Once submitted to the plenary, the texts are what it decides on, and after that what it decided.
CREATE TRIGGER recommendations_decided_text_never_changes BEFORE UPDATE ON recommendations
	FOR EACH ROW
	WHEN (OLD.status IN ('submitted', 'adopted', 'rejected', 'forwarded')
		AND (NEW.title IS DISTINCT FROM OLD.title OR NEW.problem IS DISTINCT FROM OLD.problem OR NEW.proposal IS DISTINCT FROM OLD.proposal
			OR NEW.responsible_bodies IS DISTINCT FROM OLD.responsible_bodies OR NEW.easy_summary IS DISTINCT FROM OLD.easy_summary))
	EXECUTE FUNCTION refuse_change('the texts of a recommendation before the plenary are never changed');
--> statement-breakpoint
CREATE TRIGGER easy_texts_change_needs_new_check BEFORE UPDATE OF body ON easy_texts
	FOR EACH ROW
	WHEN (NEW.body <> OLD.body AND NEW.status = 'checked')
	EXECUTE FUNCTION refuse_change('easy_texts: a changed text must be checked again');
--> statement-breakpoint
CREATE TRIGGER sitting_minutes_versions_immutable
	BEFORE UPDATE OF session_id, number, reason, status, html, lines, state, created_at ON sitting_minutes_versions
	FOR EACH ROW EXECUTE FUNCTION refuse_change('minutes versions are immutable');
--> statement-breakpoint
CREATE TRIGGER claims_no_delete BEFORE DELETE ON claims
	FOR EACH ROW EXECUTE FUNCTION refuse_change('claims are never deleted');
--> statement-breakpoint
CREATE TRIGGER claims_paid_final BEFORE UPDATE ON claims
	FOR EACH ROW WHEN (OLD.status = 'paid')
	EXECUTE FUNCTION refuse_change('a paid claim never changes; reverse its lines instead');
--> statement-breakpoint
CREATE TRIGGER claim_lines_no_delete BEFORE DELETE ON claim_lines
	FOR EACH ROW EXECUTE FUNCTION refuse_change('claim lines are never deleted');
--> statement-breakpoint
CREATE TRIGGER claim_lines_amount_fixed
	BEFORE UPDATE OF claim_id, kind, amount_cents, distance_tenth_km, travel_mode, official_interest, receipt_id, reverses_line_id, created_at, created_by_person_id ON claim_lines
	FOR EACH ROW EXECUTE FUNCTION refuse_change('a claim line keeps its amount; reverse it instead');
--> statement-breakpoint
CREATE TRIGGER receipts_never_change BEFORE UPDATE ON receipts
	FOR EACH ROW EXECUTE FUNCTION refuse_change('receipts never change');
--> statement-breakpoint
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
	FOR EACH ROW EXECUTE FUNCTION refuse_change('receipts are never deleted');
--> statement-breakpoint
CREATE TRIGGER payout_batches_never_change BEFORE UPDATE ON payout_batches
	FOR EACH ROW EXECUTE FUNCTION refuse_change('a payout batch never changes');
--> statement-breakpoint
CREATE TRIGGER payout_batches_no_delete BEFORE DELETE ON payout_batches
	FOR EACH ROW EXECUTE FUNCTION refuse_change('payout batches are never deleted');
--> statement-breakpoint
CREATE TRIGGER digests_published_final BEFORE UPDATE ON digests
	FOR EACH ROW WHEN (OLD.state = 'published')
	EXECUTE FUNCTION refuse_change('a published digest never changes');
--> statement-breakpoint
CREATE TRIGGER digests_published_no_delete BEFORE DELETE ON digests
	FOR EACH ROW WHEN (OLD.state = 'published')
	EXECUTE FUNCTION refuse_change('a published digest is never deleted');
--> statement-breakpoint
-- The consent log is proof: appended to, never rewritten (erasure deletes it with its subscriber).
CREATE TRIGGER newsletter_consents_never_change BEFORE UPDATE ON newsletter_consents
	FOR EACH ROW EXECUTE FUNCTION refuse_change('the consent log is never changed');
