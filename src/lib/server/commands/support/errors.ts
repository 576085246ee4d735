/**
 * A rule of the domain said no. Carries a code (turned into a localized message at the edge,
 * see forms/errorMessages.ts) and, where it is about one input, the field to show it next to.
 */
export type CommandErrorCode =
	| 'not_found'
	| 'email_taken'
	| 'role_already_held'
	| 'role_not_held'
	| 'deputy_needs_principal'
	| 'principal_not_voting'
	| 'person_not_in_conference'
	| 'last_office_role'
	| 'has_deputies'
	| 'link_already_revoked'
	| 'check_in_code_unknown'
	| 'check_in_closed'
	| 'already_present'
	| 'not_present'
	| 'not_checked_in'
	| 'already_on_list'
	| 'speakers_closed'
	| 'no_vote'
	| 'principal_present'
	| 'already_voted'
	| 'seat_already_voted'
	| 'poll_closed'
	| 'poll_already_open'
	| 'agenda_item_unknown'
	| 'consensus_is_named'
	| 'choice_not_in_poll'
	| 'statement_required'
	| 'not_quorate'
	| 'room_count_invalid'
	| 'room_count_exceeds_seats'
	| 'votes_exceed_seats'
	| 'meeting_needs_place'
	| 'person_not_in_group'
	| 'minutes_wrong_status'
	| 'minutes_version_unknown'
	| 'minutes_approval_not_confirmed'
	| 'sitting_minutes_poll_open'
	| 'recommendation_wrong_step'
	| 'recommendation_incomplete'
	| 'recommendation_not_scheduled'
	| 'resolution_required'
	| 'resolution_not_for_item'
	| 'resolution_outcome_mismatch'
	| 'date_in_future'
	| 'easy_text_changed'
	| 'easy_check_not_confirmed'
	| 'feedback_conference_unknown'
	| 'look_accent_contrast'
	| 'look_logo_type'
	| 'look_logo_too_large'
	| 'feedback_already_answered'
	/** A shared document cannot be opened (see collab/brokenDocuments.ts): the server's fault, answered 503. */
	| 'document_broken'
	/** A shared document changed during every attempt of a step that stores it (collab/documentAsRead.ts). */
	| 'document_busy'
	| 'speaker_reason_only_for_order'
	| 'point_of_order_off'
	| 'pro_contra_off'
	// Allowances, part C: rules and payees
	| 'allowance_year_invalid'
	| 'allowance_amount_invalid'
	| 'iban_required'
	| 'iban_invalid'
	| 'iban_checksum'
	| 'bic_invalid'
	| 'account_holder_required'
	| 'account_holder_too_long'
	| 'consent_required'
	// Payouts (issue 16, part D)
	| 'payout_no_claims'
	| 'payout_execution_date_invalid'
	| 'payout_account_missing'
	| 'payout_claim_not_released'
	| 'payout_payee_incomplete'
	| 'payout_amount_not_positive'
	// Allowances: drafting, lines and receipts (issue 16, part B)
	| 'claim_not_draft'
	| 'claim_line_amount_invalid'
	| 'claim_line_distance_invalid'
	| 'claim_line_description_too_long'
	| 'claim_line_not_withdrawable'
	| 'claim_declaration_required'
	| 'official_interest_office_only'
	| 'receipt_not_for_kind'
	| 'receipt_too_large'
	| 'receipt_type_not_allowed'
	| 'receipt_unreadable'
	| 'attendance_has_paid_claim'
	// Expense allowances, the office's decisions (part A)
	| 'claim_wrong_status'
	| 'claim_decision_missing'
	| 'claim_line_unknown'
	| 'claim_reason_required'
	| 'claim_reason_too_long'
	| 'over_yearly_limit'
	| 'claim_same_approver'
	| 'claim_own'
	| 'claim_line_not_reversible'
	| 'claim_line_already_reversed'
	| 'claim_bank_changed_by_releaser'
	// Newsletter sending (issue 17, part D)
	| 'sending_not_running'
	| 'sending_not_paused'
	// Newsletter drafts, suggestions and the test mail (issue 17, part B)
	| 'digest_audience_unknown'
	| 'digest_suggestion_gone'
	| 'digest_test_no_address'
	// Newsletter: publishing a digest (issue 17, part C)
	| 'publish_not_draft'
	| 'publish_standard_empty'
	| 'publish_easy_unchecked'
	| 'publish_easy_missing'
	// Newsletter subscribers (issue 17, part A)
	| 'subscribe_email_invalid'
	| 'subscribe_link_invalid'
	| 'subscribe_not_subscribed'
	| 'subscribe_no_email'
	// Invitation rounds, letters and reminders (issue 18, part B)
	| 'invite_signature_too_large'
	| 'invite_signature_type'
	| 'invite_date_unknown'
	| 'invite_date_past'
	| 'invite_deadline_invalid'
	| 'invite_recipients_unknown'
	| 'invite_no_recipients'
	| 'invite_placeholder_unknown'
	| 'invite_already_sent'
	| 'invite_not_sent'
	| 'invite_reminder_too_late'
	| 'invite_date_has_round'
	// The steering group and "Mitmachen" (issue 18, part D)
	| 'steering_group_exists'
	// Invitations: answering, the waiting list (issue 18, part C)
	| 'rsvp_closed'
	| 'rsvp_detail_too_long'
	// Members by seat and the diversity view (issue 18, part A)
	| 'sector_name_taken'
	| 'term_ends_before_start'
	| 'diversity_consent_required';

export class CommandError extends Error {
	constructor(
		readonly code: CommandErrorCode,
		readonly field?: string
	) {
		super(code);
		this.name = 'CommandError';
	}
}
