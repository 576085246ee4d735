CREATE TABLE "accounts" (
	"person_id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "accounts_email_lower" CHECK ("accounts"."email" = lower("accounts"."email"))
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"email" text,
	"organisation" text,
	"preferred_locale" text DEFAULT 'de' NOT NULL,
	"prefers_easy_language" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint
);
--> statement-breakpoint
CREATE TABLE "support_profiles" (
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"self_advocate" boolean DEFAULT false NOT NULL,
	"needs_sign_language" boolean DEFAULT false NOT NULL,
	"needs_step_free_access" boolean DEFAULT false NOT NULL,
	"needs_companion" boolean DEFAULT false NOT NULL,
	"consent_recorded_at" bigint NOT NULL,
	"consent_recorded_by" text,
	CONSTRAINT "support_profiles_conference_id_person_id_pk" PRIMARY KEY("conference_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "access_links" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"conference_id" text,
	"token_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by" text,
	"expires_at" bigint,
	"revoked_at" bigint,
	"revoked_by" text,
	"last_used_at" bigint
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"access_link_id" text,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trusted_devices" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conference_logos" (
	"conference_id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"version" text NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "conference_logos_content_type" CHECK ("conference_logos"."content_type" in ('image/png', 'image/jpeg', 'image/webp'))
);
--> statement-breakpoint
CREATE TABLE "conference_memberships" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"role" text NOT NULL,
	"member_status" text,
	"deputy_for_person_id" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "conference_memberships_status_only_for_members" CHECK (("conference_memberships"."role" = 'member') = ("conference_memberships"."member_status" IS NOT NULL)),
	CONSTRAINT "conference_memberships_deputy_names_principal" CHECK ("conference_memberships"."deputy_for_person_id" IS NULL OR "conference_memberships"."member_status" = 'deputy')
);
--> statement-breakpoint
CREATE TABLE "conferences" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"description" text,
	"settings" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint
);
--> statement-breakpoint
CREATE TABLE "group_memberships" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"person_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text DEFAULT 'working' NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" bigint NOT NULL,
	"actor_person_id" text,
	"conference_id" text,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "doc_snapshots" (
	"doc_name" text PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"through_seq" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doc_updates" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "doc_updates_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"doc_name" text NOT NULL,
	"updates" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"person_id" text NOT NULL,
	"checked_in_at" bigint NOT NULL,
	"method" text NOT NULL,
	"recorded_by_person_id" text,
	CONSTRAINT "attendance_only_office_has_recorder" CHECK ("attendance"."method" = 'office' OR "attendance"."recorded_by_person_id" IS NULL)
);
--> statement-breakpoint
CREATE TABLE "plenary_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" bigint NOT NULL,
	"place" text NOT NULL,
	"video_url" text,
	"check_in_code" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint
);
--> statement-breakpoint
CREATE TABLE "poll_ballots" (
	"id" text PRIMARY KEY NOT NULL,
	"poll_id" text NOT NULL,
	"seat_person_id" text NOT NULL,
	"voter_person_id" text NOT NULL,
	"choice" text,
	"statement" text,
	"cast_at" bigint NOT NULL,
	CONSTRAINT "poll_ballots_statement_only_with_choice" CHECK ("poll_ballots"."statement" IS NULL OR "poll_ballots"."choice" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "poll_tallies" (
	"poll_id" text NOT NULL,
	"choice" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"room_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"agenda_item_id" text NOT NULL,
	"item_title" text NOT NULL,
	"motion" text NOT NULL,
	"kind" text NOT NULL,
	"secrecy" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"majority" text NOT NULL,
	"quorum_percent" integer NOT NULL,
	"opened_at" bigint NOT NULL,
	"opened_by_person_id" text,
	"closed_at" bigint,
	"closed_by_person_id" text,
	"seats_at_open" jsonb,
	CONSTRAINT "polls_consensus_is_named" CHECK ("polls"."kind" = 'vote' OR "polls"."secrecy" = 'named'),
	CONSTRAINT "polls_quorum_percent" CHECK ("polls"."quorum_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "resolutions" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"poll_id" text NOT NULL,
	"number" integer NOT NULL,
	"agenda_item_id" text NOT NULL,
	"item_title" text NOT NULL,
	"motion" text NOT NULL,
	"kind" text NOT NULL,
	"secrecy" text NOT NULL,
	"outcome" text NOT NULL,
	"tally" jsonb NOT NULL,
	"room_tally" jsonb,
	"seats" jsonb NOT NULL,
	"seats_at_open" jsonb,
	"majority" text NOT NULL,
	"quorum_percent" integer NOT NULL,
	"decided_at" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_meetings" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" bigint NOT NULL,
	"duration_minutes" integer NOT NULL,
	"place" text,
	"video_url" text,
	"agenda" jsonb NOT NULL,
	"moderator_person_id" text,
	"minute_taker_person_id" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint,
	CONSTRAINT "group_meetings_somewhere" CHECK ("group_meetings"."place" IS NOT NULL OR "group_meetings"."video_url" IS NOT NULL),
	CONSTRAINT "group_meetings_duration" CHECK ("group_meetings"."duration_minutes" BETWEEN 15 AND 600)
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"person_id" text NOT NULL,
	"recorded_at" bigint NOT NULL,
	"recorded_by_person_id" text
);
--> statement-breakpoint
CREATE TABLE "meeting_minutes" (
	"meeting_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"circulated_at" bigint,
	"corrections_until" bigint,
	"approved_at" bigint,
	"approved_by_person_id" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "meeting_minutes_approved" CHECK ("meeting_minutes"."status" <> 'approved' OR "meeting_minutes"."approved_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "minutes_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"meeting_id" text NOT NULL,
	"number" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"html" text NOT NULL,
	"lines" jsonb NOT NULL,
	"state" "bytea" NOT NULL,
	"restored_from_number" integer,
	"created_at" bigint NOT NULL,
	"created_by_person_id" text
);
--> statement-breakpoint
CREATE TABLE "recommendation_events" (
	"id" text PRIMARY KEY NOT NULL,
	"recommendation_id" text NOT NULL,
	"event" text NOT NULL,
	"at" bigint NOT NULL,
	"by_person_id" text,
	"session_id" text,
	"agenda_item_id" text,
	"resolution_id" text,
	"body" text,
	"forwarded_on" bigint,
	"note" text,
	CONSTRAINT "recommendation_events_forward_names_body" CHECK ("recommendation_events"."event" <> 'forwarded' OR ("recommendation_events"."body" IS NOT NULL AND "recommendation_events"."forwarded_on" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "recommendation_updates" (
	"id" text PRIMARY KEY NOT NULL,
	"recommendation_id" text NOT NULL,
	"state" text NOT NULL,
	"note" text NOT NULL,
	"reported_on" bigint NOT NULL,
	"reporter_person_id" text,
	"reporter_organisation" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"group_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"problem" text,
	"proposal" text,
	"responsible_bodies" text,
	"easy_summary" text,
	"frozen_at" bigint,
	"session_id" text,
	"agenda_item_id" text,
	"agenda_item_title" text,
	"resolution_id" text,
	"created_by_person_id" text,
	"created_at" bigint NOT NULL,
	"status_changed_at" bigint NOT NULL,
	CONSTRAINT "recommendations_item_with_session" CHECK ("recommendations"."agenda_item_id" IS NULL OR "recommendations"."session_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "easy_texts" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"source_fingerprint" text NOT NULL,
	"written_by_person_id" text,
	"written_at" bigint NOT NULL,
	"checked_by_person_id" text,
	"checked_at" bigint,
	CONSTRAINT "easy_texts_checked_has_date" CHECK (("easy_texts"."status" = 'checked') = ("easy_texts"."checked_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "accessibility_feedback" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text,
	"message" text NOT NULL,
	"name" text,
	"email" text,
	"page_url" text,
	"received_at" bigint NOT NULL,
	"reply_due_at" bigint NOT NULL,
	"answered_at" bigint,
	"answered_by_person_id" text,
	"answer_note" text
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" text NOT NULL,
	"conference_id" text,
	"key" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"run_at" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"last_error" text,
	"lease_owner" text,
	"lease_until" bigint,
	"created_at" bigint NOT NULL,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "sitting_minutes" (
	"session_id" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"minute_taker_person_id" text,
	"corrections_until" bigint,
	"circulated_at" bigint,
	"approved_at" bigint,
	"approved_by_person_id" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "sitting_minutes_approved" CHECK ("sitting_minutes"."status" <> 'approved' OR "sitting_minutes"."approved_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "sitting_minutes_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"number" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"html" text NOT NULL,
	"lines" jsonb NOT NULL,
	"state" "bytea" NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by_person_id" text
);
--> statement-breakpoint
CREATE TABLE "allowance_payees" (
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"eligible" boolean DEFAULT false NOT NULL,
	"account_holder" text,
	"iban" text,
	"iban_erased_at" bigint,
	"bank_changed_at" bigint,
	"bank_changed_by_person_id" text,
	"updated_at" bigint NOT NULL,
	"updated_by_person_id" text,
	CONSTRAINT "allowance_payees_conference_id_person_id_pk" PRIMARY KEY("conference_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "allowance_rules" (
	"conference_id" text NOT NULL,
	"year" integer NOT NULL,
	"flat_plenary_cents" integer NOT NULL,
	"flat_working_group_cents" integer NOT NULL,
	"flat_steering_group_cents" integer NOT NULL,
	"flat_other_cents" integer NOT NULL,
	"km_rate_cents" integer NOT NULL,
	"km_rate_official_cents" integer NOT NULL,
	"km_rate_bicycle_cents" integer NOT NULL,
	"trip_cap_cents" integer NOT NULL,
	"yearly_limit_cents" integer NOT NULL,
	"benefits_limit_cents" integer NOT NULL,
	"budget_cents" integer,
	"updated_at" bigint NOT NULL,
	"updated_by_person_id" text,
	CONSTRAINT "allowance_rules_conference_id_year_pk" PRIMARY KEY("conference_id","year"),
	CONSTRAINT "allowance_rules_non_negative" CHECK ("allowance_rules"."flat_plenary_cents" >= 0 AND "allowance_rules"."flat_working_group_cents" >= 0 AND "allowance_rules"."flat_steering_group_cents" >= 0 AND "allowance_rules"."flat_other_cents" >= 0 AND "allowance_rules"."km_rate_cents" >= 0 AND "allowance_rules"."km_rate_official_cents" >= 0 AND "allowance_rules"."km_rate_bicycle_cents" >= 0 AND "allowance_rules"."trip_cap_cents" >= 0 AND "allowance_rules"."yearly_limit_cents" >= 0 AND "allowance_rules"."benefits_limit_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "claim_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"claim_id" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"distance_tenth_km" integer,
	"travel_mode" text,
	"official_interest" boolean DEFAULT false NOT NULL,
	"amount_cents" integer NOT NULL,
	"receipt_id" text,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_at" bigint,
	"decided_by_person_id" text,
	"reason" text,
	"reverses_line_id" text,
	"created_at" bigint NOT NULL,
	"created_by_person_id" text,
	CONSTRAINT "claim_lines_sign" CHECK (CASE WHEN "claim_lines"."kind" = 'reversal' THEN "claim_lines"."amount_cents" <= 0 AND "claim_lines"."reverses_line_id" IS NOT NULL ELSE "claim_lines"."amount_cents" >= 0 AND "claim_lines"."reverses_line_id" IS NULL END)
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"session_id" text,
	"group_meeting_id" text,
	"meeting_type" text NOT NULL,
	"meeting_title" text NOT NULL,
	"meeting_starts_at" bigint NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"declared_at" bigint,
	"declared_by_person_id" text,
	"submitted_at" bigint,
	"approved_at" bigint,
	"approved_by_person_id" text,
	"over_limit_confirmed_at" bigint,
	"released_at" bigint,
	"released_by_person_id" text,
	"paid_at" bigint,
	"batch_id" text,
	"reason" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint,
	CONSTRAINT "claims_one_meeting" CHECK (("claims"."session_id" IS NULL) <> ("claims"."group_meeting_id" IS NULL)),
	CONSTRAINT "claims_four_eyes" CHECK ("claims"."released_by_person_id" IS NULL OR "claims"."approved_by_person_id" IS NULL OR "claims"."released_by_person_id" <> "claims"."approved_by_person_id")
);
--> statement-breakpoint
CREATE TABLE "payout_accounts" (
	"conference_id" text PRIMARY KEY NOT NULL,
	"debtor_name" text NOT NULL,
	"debtor_iban" text NOT NULL,
	"debtor_bic" text,
	"updated_at" bigint NOT NULL,
	"updated_by_person_id" text
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"number" integer NOT NULL,
	"message_id" text NOT NULL,
	"execution_date" text NOT NULL,
	"transfer_count" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"xml" text NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by_person_id" text
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"claim_id" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"original_name" text,
	"uploaded_by_person_id" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "social_benefit_flags" (
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"receives_benefits" boolean NOT NULL,
	"consent_recorded_at" bigint NOT NULL,
	"consent_recorded_by_person_id" text,
	CONSTRAINT "social_benefit_flags_conference_id_person_id_pk" PRIMARY KEY("conference_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "digest_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"send_id" text NOT NULL,
	"subscriber_id" text NOT NULL,
	"edition" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"last_error" text,
	"message_id" text NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
CREATE TABLE "digest_sends" (
	"id" text PRIMARY KEY NOT NULL,
	"digest_id" text NOT NULL,
	"conference_id" text NOT NULL,
	"state" text DEFAULT 'sending' NOT NULL,
	"pause_reason" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"started_at" bigint NOT NULL,
	"started_by_person_id" text,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "digest_suggestions_used" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"digest_id" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"used_at" bigint NOT NULL,
	"used_by_person_id" text
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"number" integer,
	"title" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"created_by_person_id" text,
	"created_at" bigint NOT NULL,
	"audience_group_id" text,
	"published_at" bigint,
	"published_by_person_id" text,
	"html_standard" text,
	"text_standard" text,
	"html_easy" text,
	"text_easy" text,
	"easy_unchecked" boolean DEFAULT false NOT NULL,
	CONSTRAINT "digests_published_complete" CHECK ("digests"."state" <> 'published' OR ("digests"."number" IS NOT NULL AND "digests"."published_at" IS NOT NULL AND "digests"."html_standard" IS NOT NULL AND "digests"."text_standard" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "newsletter_consents" (
	"id" text PRIMARY KEY NOT NULL,
	"subscriber_id" text NOT NULL,
	"event" text NOT NULL,
	"at" bigint NOT NULL,
	"form_text" text,
	"privacy_policy_version" text,
	"via" text NOT NULL,
	"edition" text,
	"client_address" text
);
--> statement-breakpoint
CREATE TABLE "newsletter_subscribers" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"person_id" text,
	"edition" text DEFAULT 'standard' NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"confirm_token_hash" text,
	"confirm_expires_at" bigint,
	"token_version" integer DEFAULT 1 NOT NULL,
	"permanent_failures" integer DEFAULT 0 NOT NULL,
	"bouncing_since" bigint,
	"created_at" bigint NOT NULL,
	"confirmed_at" bigint,
	"unsubscribed_at" bigint,
	CONSTRAINT "newsletter_subscribers_active_confirmed" CHECK ("newsletter_subscribers"."state" <> 'active' OR "newsletter_subscribers"."confirmed_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "conference_sectors" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"name" text NOT NULL,
	"target_seats" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "conference_sectors_target" CHECK ("conference_sectors"."target_seats" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
CREATE TABLE "conference_signatures" (
	"conference_id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"version" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "diversity_profiles" (
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"age_band" text DEFAULT 'no_answer' NOT NULL,
	"gender" text DEFAULT 'no_answer' NOT NULL,
	"disability" text DEFAULT 'no_answer' NOT NULL,
	"chronic_illness" text DEFAULT 'no_answer' NOT NULL,
	"psychiatric" text DEFAULT 'no_answer' NOT NULL,
	"migration" text DEFAULT 'no_answer' NOT NULL,
	"caring_relative" text DEFAULT 'no_answer' NOT NULL,
	"consent_recorded_at" bigint NOT NULL,
	"consent_recorded_by" text,
	"updated_at" bigint,
	CONSTRAINT "diversity_profiles_conference_id_person_id_pk" PRIMARY KEY("conference_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "invitation_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"conference_id" text NOT NULL,
	"target" text NOT NULL,
	"session_id" text,
	"meeting_id" text,
	"channel" text DEFAULT 'mail' NOT NULL,
	"subject" text NOT NULL,
	"letter_standard" text NOT NULL,
	"letter_easy" text,
	"capacity" integer,
	"answer_until" bigint NOT NULL,
	"remind_days_before" integer,
	"reminded_at" bigint,
	"created_by_person_id" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint,
	CONSTRAINT "invitation_campaigns_one_date" CHECK (("invitation_campaigns"."target" = 'plenary' AND "invitation_campaigns"."session_id" IS NOT NULL AND "invitation_campaigns"."meeting_id" IS NULL) OR ("invitation_campaigns"."target" = 'meeting' AND "invitation_campaigns"."meeting_id" IS NOT NULL AND "invitation_campaigns"."session_id" IS NULL)),
	CONSTRAINT "invitation_campaigns_capacity" CHECK ("invitation_campaigns"."capacity" IS NULL OR "invitation_campaigns"."capacity" BETWEEN 1 AND 100000),
	CONSTRAINT "invitation_campaigns_reminder" CHECK ("invitation_campaigns"."remind_days_before" IS NULL OR "invitation_campaigns"."remind_days_before" BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE TABLE "invitation_needs" (
	"invitation_id" text NOT NULL,
	"need" text NOT NULL,
	"detail" text,
	CONSTRAINT "invitation_needs_invitation_id_need_pk" PRIMARY KEY("invitation_id","need")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"token_version" integer DEFAULT 1 NOT NULL,
	"answer" text,
	"place" text,
	"waiting_since" bigint,
	"answered_at" bigint,
	"moved_up_at" bigint,
	"reminded_at" bigint,
	"mailed_at" bigint,
	"created_at" bigint NOT NULL,
	CONSTRAINT "invitations_place_only_for_yes" CHECK (("invitations"."answer" = 'yes') = ("invitations"."place" IS NOT NULL)),
	CONSTRAINT "invitations_waiting_since" CHECK (("invitations"."place" = 'waiting') = ("invitations"."waiting_since" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "member_seats" (
	"conference_id" text NOT NULL,
	"person_id" text NOT NULL,
	"sector_id" text,
	"appointed_from" bigint,
	"appointed_until" bigint,
	"term_reminded_at" bigint,
	"updated_at" bigint,
	CONSTRAINT "member_seats_conference_id_person_id_pk" PRIMARY KEY("conference_id","person_id"),
	CONSTRAINT "member_seats_term_order" CHECK ("member_seats"."appointed_from" IS NULL OR "member_seats"."appointed_until" IS NULL OR "member_seats"."appointed_from" <= "member_seats"."appointed_until")
);
--> statement-breakpoint
CREATE TABLE "sector_group_targets" (
	"group_id" text NOT NULL,
	"sector_id" text NOT NULL,
	"target_seats" integer NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "sector_group_targets_group_id_sector_id_pk" PRIMARY KEY("group_id","sector_id"),
	CONSTRAINT "sector_group_targets_target" CHECK ("sector_group_targets"."target_seats" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_profiles" ADD CONSTRAINT "support_profiles_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_profiles" ADD CONSTRAINT "support_profiles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_profiles" ADD CONSTRAINT "support_profiles_consent_recorded_by_people_id_fk" FOREIGN KEY ("consent_recorded_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_revoked_by_people_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_access_link_id_access_links_id_fk" FOREIGN KEY ("access_link_id") REFERENCES "public"."access_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trusted_devices" ADD CONSTRAINT "trusted_devices_person_id_accounts_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."accounts"("person_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_logos" ADD CONSTRAINT "conference_logos_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_memberships" ADD CONSTRAINT "conference_memberships_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_memberships" ADD CONSTRAINT "conference_memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_memberships" ADD CONSTRAINT "conference_memberships_deputy_for_person_id_people_id_fk" FOREIGN KEY ("deputy_for_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_memberships" ADD CONSTRAINT "group_memberships_group_id_working_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."working_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_memberships" ADD CONSTRAINT "group_memberships_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_groups" ADD CONSTRAINT "working_groups_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_recorded_by_person_id_people_id_fk" FOREIGN KEY ("recorded_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plenary_sessions" ADD CONSTRAINT "plenary_sessions_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_seat_person_id_people_id_fk" FOREIGN KEY ("seat_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_voter_person_id_people_id_fk" FOREIGN KEY ("voter_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_tallies" ADD CONSTRAINT "poll_tallies_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_opened_by_person_id_people_id_fk" FOREIGN KEY ("opened_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_closed_by_person_id_people_id_fk" FOREIGN KEY ("closed_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_meetings" ADD CONSTRAINT "group_meetings_group_id_working_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."working_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_meetings" ADD CONSTRAINT "group_meetings_moderator_person_id_people_id_fk" FOREIGN KEY ("moderator_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_meetings" ADD CONSTRAINT "group_meetings_minute_taker_person_id_people_id_fk" FOREIGN KEY ("minute_taker_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_group_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_recorded_by_person_id_people_id_fk" FOREIGN KEY ("recorded_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_meeting_id_group_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_approved_by_person_id_people_id_fk" FOREIGN KEY ("approved_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_versions" ADD CONSTRAINT "minutes_versions_meeting_id_group_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_versions" ADD CONSTRAINT "minutes_versions_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_events" ADD CONSTRAINT "recommendation_events_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_events" ADD CONSTRAINT "recommendation_events_by_person_id_people_id_fk" FOREIGN KEY ("by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_events" ADD CONSTRAINT "recommendation_events_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_events" ADD CONSTRAINT "recommendation_events_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_updates" ADD CONSTRAINT "recommendation_updates_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_updates" ADD CONSTRAINT "recommendation_updates_reporter_person_id_people_id_fk" FOREIGN KEY ("reporter_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_group_id_working_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."working_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "easy_texts" ADD CONSTRAINT "easy_texts_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "easy_texts" ADD CONSTRAINT "easy_texts_written_by_person_id_people_id_fk" FOREIGN KEY ("written_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "easy_texts" ADD CONSTRAINT "easy_texts_checked_by_person_id_people_id_fk" FOREIGN KEY ("checked_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accessibility_feedback" ADD CONSTRAINT "accessibility_feedback_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accessibility_feedback" ADD CONSTRAINT "accessibility_feedback_answered_by_person_id_people_id_fk" FOREIGN KEY ("answered_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sitting_minutes" ADD CONSTRAINT "sitting_minutes_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sitting_minutes" ADD CONSTRAINT "sitting_minutes_minute_taker_person_id_people_id_fk" FOREIGN KEY ("minute_taker_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sitting_minutes" ADD CONSTRAINT "sitting_minutes_approved_by_person_id_people_id_fk" FOREIGN KEY ("approved_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sitting_minutes_versions" ADD CONSTRAINT "sitting_minutes_versions_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sitting_minutes_versions" ADD CONSTRAINT "sitting_minutes_versions_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_payees" ADD CONSTRAINT "allowance_payees_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_payees" ADD CONSTRAINT "allowance_payees_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_payees" ADD CONSTRAINT "allowance_payees_bank_changed_by_person_id_people_id_fk" FOREIGN KEY ("bank_changed_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_payees" ADD CONSTRAINT "allowance_payees_updated_by_person_id_people_id_fk" FOREIGN KEY ("updated_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_rules" ADD CONSTRAINT "allowance_rules_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allowance_rules" ADD CONSTRAINT "allowance_rules_updated_by_person_id_people_id_fk" FOREIGN KEY ("updated_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_decided_by_person_id_people_id_fk" FOREIGN KEY ("decided_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_group_meeting_id_group_meetings_id_fk" FOREIGN KEY ("group_meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_declared_by_person_id_people_id_fk" FOREIGN KEY ("declared_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_approved_by_person_id_people_id_fk" FOREIGN KEY ("approved_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_released_by_person_id_people_id_fk" FOREIGN KEY ("released_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_updated_by_person_id_people_id_fk" FOREIGN KEY ("updated_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_uploaded_by_person_id_people_id_fk" FOREIGN KEY ("uploaded_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_benefit_flags" ADD CONSTRAINT "social_benefit_flags_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_benefit_flags" ADD CONSTRAINT "social_benefit_flags_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_benefit_flags" ADD CONSTRAINT "social_benefit_flags_consent_recorded_by_person_id_people_id_fk" FOREIGN KEY ("consent_recorded_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_deliveries" ADD CONSTRAINT "digest_deliveries_send_id_digest_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."digest_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_deliveries" ADD CONSTRAINT "digest_deliveries_subscriber_id_newsletter_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."newsletter_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_started_by_person_id_people_id_fk" FOREIGN KEY ("started_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_suggestions_used" ADD CONSTRAINT "digest_suggestions_used_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_suggestions_used" ADD CONSTRAINT "digest_suggestions_used_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_suggestions_used" ADD CONSTRAINT "digest_suggestions_used_used_by_person_id_people_id_fk" FOREIGN KEY ("used_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_audience_group_id_working_groups_id_fk" FOREIGN KEY ("audience_group_id") REFERENCES "public"."working_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_published_by_person_id_people_id_fk" FOREIGN KEY ("published_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_consents" ADD CONSTRAINT "newsletter_consents_subscriber_id_newsletter_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."newsletter_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_subscribers" ADD CONSTRAINT "newsletter_subscribers_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "newsletter_subscribers" ADD CONSTRAINT "newsletter_subscribers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_sectors" ADD CONSTRAINT "conference_sectors_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conference_signatures" ADD CONSTRAINT "conference_signatures_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diversity_profiles" ADD CONSTRAINT "diversity_profiles_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diversity_profiles" ADD CONSTRAINT "diversity_profiles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diversity_profiles" ADD CONSTRAINT "diversity_profiles_consent_recorded_by_people_id_fk" FOREIGN KEY ("consent_recorded_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_campaigns" ADD CONSTRAINT "invitation_campaigns_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_campaigns" ADD CONSTRAINT "invitation_campaigns_session_id_plenary_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."plenary_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_campaigns" ADD CONSTRAINT "invitation_campaigns_meeting_id_group_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_campaigns" ADD CONSTRAINT "invitation_campaigns_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_needs" ADD CONSTRAINT "invitation_needs_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_campaign_id_invitation_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."invitation_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_seats" ADD CONSTRAINT "member_seats_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_seats" ADD CONSTRAINT "member_seats_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_seats" ADD CONSTRAINT "member_seats_sector_id_conference_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."conference_sectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_group_targets" ADD CONSTRAINT "sector_group_targets_group_id_working_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."working_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sector_group_targets" ADD CONSTRAINT "sector_group_targets_sector_id_conference_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."conference_sectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_unique" ON "accounts" USING btree ("email");--> statement-breakpoint
CREATE INDEX "people_display_name_idx" ON "people" USING btree ("display_name");--> statement-breakpoint
CREATE UNIQUE INDEX "access_links_token_hash_unique" ON "access_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "access_links_person_idx" ON "access_links" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sessions_person_idx" ON "sessions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sessions_access_link_idx" ON "sessions" USING btree ("access_link_id");--> statement-breakpoint
CREATE INDEX "trusted_devices_person_idx" ON "trusted_devices" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conference_memberships_unique" ON "conference_memberships" USING btree ("conference_id","person_id","role");--> statement-breakpoint
CREATE INDEX "conference_memberships_person_idx" ON "conference_memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "conference_memberships_deputy_idx" ON "conference_memberships" USING btree ("deputy_for_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_memberships_unique" ON "group_memberships" USING btree ("group_id","person_id","role");--> statement-breakpoint
CREATE INDEX "group_memberships_person_idx" ON "group_memberships" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "working_groups_conference_idx" ON "working_groups" USING btree ("conference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "working_groups_one_steering" ON "working_groups" USING btree ("conference_id") WHERE "working_groups"."kind" = 'steering';--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_log_conference_idx" ON "audit_log" USING btree ("conference_id","seq");--> statement-breakpoint
CREATE INDEX "doc_updates_doc_seq_idx" ON "doc_updates" USING btree ("doc_name","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_session_person" ON "attendance" USING btree ("session_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plenary_sessions_check_in_code" ON "plenary_sessions" USING btree ("check_in_code");--> statement-breakpoint
CREATE INDEX "plenary_sessions_conference_idx" ON "plenary_sessions" USING btree ("conference_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_one_per_seat" ON "poll_ballots" USING btree ("poll_id","seat_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_one_per_voter" ON "poll_ballots" USING btree ("poll_id","voter_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_tallies_poll_choice" ON "poll_tallies" USING btree ("poll_id","choice");--> statement-breakpoint
CREATE INDEX "polls_session_idx" ON "polls" USING btree ("session_id","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "polls_one_open_per_session" ON "polls" USING btree ("session_id") WHERE "polls"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "resolutions_poll" ON "resolutions" USING btree ("poll_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resolutions_session_number" ON "resolutions" USING btree ("session_id","number");--> statement-breakpoint
CREATE INDEX "group_meetings_group_idx" ON "group_meetings" USING btree ("group_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_attendance_meeting_person" ON "meeting_attendance" USING btree ("meeting_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "minutes_versions_meeting_number" ON "minutes_versions" USING btree ("meeting_id","number");--> statement-breakpoint
CREATE INDEX "recommendation_events_recommendation_idx" ON "recommendation_events" USING btree ("recommendation_id","at");--> statement-breakpoint
CREATE INDEX "recommendation_updates_recommendation_idx" ON "recommendation_updates" USING btree ("recommendation_id","reported_on");--> statement-breakpoint
CREATE INDEX "recommendations_conference_idx" ON "recommendations" USING btree ("conference_id","status");--> statement-breakpoint
CREATE INDEX "recommendations_group_idx" ON "recommendations" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "easy_texts_subject" ON "easy_texts" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "easy_texts_conference_idx" ON "easy_texts" USING btree ("conference_id","status");--> statement-breakpoint
CREATE INDEX "accessibility_feedback_conference_idx" ON "accessibility_feedback" USING btree ("conference_id","answered_at","reply_due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_key_open_idx" ON "jobs" USING btree ("key") WHERE "jobs"."key" IS NOT NULL AND "jobs"."state" <> 'done';--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("state","run_at");--> statement-breakpoint
CREATE INDEX "jobs_conference_state_idx" ON "jobs" USING btree ("conference_id","state");--> statement-breakpoint
CREATE INDEX "jobs_key_idx" ON "jobs" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "sitting_minutes_versions_session_number" ON "sitting_minutes_versions" USING btree ("session_id","number");--> statement-breakpoint
CREATE INDEX "claim_lines_claim_idx" ON "claim_lines" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claim_lines_one_reversal" ON "claim_lines" USING btree ("reverses_line_id") WHERE "claim_lines"."reverses_line_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "claims_number" ON "claims" USING btree ("conference_id","year","number");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_person_session" ON "claims" USING btree ("person_id","session_id") WHERE "claims"."session_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "claims_person_group_meeting" ON "claims" USING btree ("person_id","group_meeting_id") WHERE "claims"."group_meeting_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "claims_conference_status_idx" ON "claims" USING btree ("conference_id","status","meeting_starts_at");--> statement-breakpoint
CREATE INDEX "claims_person_idx" ON "claims" USING btree ("person_id","year");--> statement-breakpoint
CREATE INDEX "claims_batch_idx" ON "claims" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_number" ON "payout_batches" USING btree ("conference_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_message_id" ON "payout_batches" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "receipts_claim_idx" ON "receipts" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_deliveries_recipient" ON "digest_deliveries" USING btree ("send_id","subscriber_id");--> statement-breakpoint
CREATE INDEX "digest_deliveries_due_idx" ON "digest_deliveries" USING btree ("send_id","state","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_sends_digest" ON "digest_sends" USING btree ("digest_id");--> statement-breakpoint
CREATE INDEX "digest_sends_state_idx" ON "digest_sends" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_suggestions_used_source" ON "digest_suggestions_used" USING btree ("conference_id","source_kind","source_id");--> statement-breakpoint
CREATE INDEX "digest_suggestions_used_digest_idx" ON "digest_suggestions_used" USING btree ("digest_id");--> statement-breakpoint
CREATE INDEX "digests_conference_idx" ON "digests" USING btree ("conference_id","state","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "digests_number" ON "digests" USING btree ("conference_id","number");--> statement-breakpoint
CREATE INDEX "newsletter_consents_subscriber_idx" ON "newsletter_consents" USING btree ("subscriber_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "newsletter_subscribers_email" ON "newsletter_subscribers" USING btree ("conference_id","email");--> statement-breakpoint
CREATE INDEX "newsletter_subscribers_state_idx" ON "newsletter_subscribers" USING btree ("conference_id","state");--> statement-breakpoint
CREATE INDEX "newsletter_subscribers_person_idx" ON "newsletter_subscribers" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "newsletter_subscribers_confirm_idx" ON "newsletter_subscribers" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "conference_sectors_name" ON "conference_sectors" USING btree ("conference_id","name");--> statement-breakpoint
CREATE INDEX "invitation_campaigns_conference_idx" ON "invitation_campaigns" USING btree ("conference_id","created_at");--> statement-breakpoint
CREATE INDEX "invitation_campaigns_session_idx" ON "invitation_campaigns" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "invitation_campaigns_meeting_idx" ON "invitation_campaigns" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_campaign_person" ON "invitations" USING btree ("campaign_id","person_id");--> statement-breakpoint
CREATE INDEX "invitations_person_idx" ON "invitations" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "invitations_waiting_idx" ON "invitations" USING btree ("campaign_id","place","waiting_since");--> statement-breakpoint
CREATE INDEX "member_seats_sector_idx" ON "member_seats" USING btree ("conference_id","sector_id");--> statement-breakpoint
CREATE INDEX "member_seats_term_idx" ON "member_seats" USING btree ("conference_id","appointed_until");