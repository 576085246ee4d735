import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { CommandError, type CommandErrorCode } from '../commands/support/errors';
import type { Field } from './fields';

const messages: Record<CommandErrorCode, () => string> = {
	not_found: m.error_not_found,
	email_taken: m.error_email_taken,
	role_already_held: m.error_role_already_held,
	role_not_held: m.error_role_not_held,
	deputy_needs_principal: m.error_deputy_needs_principal,
	principal_not_voting: m.error_principal_not_voting,
	person_not_in_conference: m.error_person_not_in_conference,
	last_office_role: m.error_last_office_role,
	has_deputies: m.error_has_deputies,
	link_already_revoked: m.error_link_already_revoked,
	check_in_code_unknown: m.error_check_in_code_unknown,
	check_in_closed: m.error_check_in_closed,
	already_present: m.error_already_present,
	not_present: m.error_not_present,
	not_checked_in: m.error_not_checked_in,
	already_on_list: m.error_already_on_list,
	speakers_closed: m.error_speakers_closed,
	no_vote: m.error_no_vote,
	principal_present: m.error_principal_present,
	already_voted: m.error_already_voted,
	seat_already_voted: m.error_seat_already_voted,
	poll_closed: m.error_poll_closed,
	poll_already_open: m.error_poll_already_open,
	agenda_item_unknown: m.error_agenda_item_unknown,
	consensus_is_named: m.error_consensus_is_named,
	choice_not_in_poll: m.error_choice_not_in_poll,
	statement_required: m.error_statement_required,
	meeting_needs_place: m.error_meeting_needs_place,
	person_not_in_group: m.error_person_not_in_group,
	minutes_wrong_status: m.error_minutes_wrong_status,
	minutes_version_unknown: m.error_minutes_version_unknown,
	minutes_approval_not_confirmed: m.error_minutes_approval_not_confirmed,
	sitting_minutes_poll_open: m.sitting_minutes_error_poll_open,
	recommendation_wrong_step: m.error_recommendation_wrong_step,
	recommendation_incomplete: m.error_recommendation_incomplete,
	recommendation_not_scheduled: m.error_recommendation_not_scheduled,
	resolution_required: m.error_resolution_required,
	resolution_not_for_item: m.error_resolution_not_for_item,
	resolution_outcome_mismatch: m.error_resolution_outcome_mismatch,
	date_in_future: m.error_date_in_future,
	easy_text_changed: m.error_easy_text_changed,
	easy_check_not_confirmed: m.error_easy_check_not_confirmed,
	feedback_conference_unknown: m.feedback_error_conference_unknown,
	feedback_already_answered: m.feedback_error_already_answered,
	document_broken: m.error_document_broken,
	document_busy: m.error_document_busy,
	speaker_reason_only_for_order: m.speakers2_error_reason_only_for_order,
	point_of_order_off: m.speakers2_error_point_of_order_off,
	pro_contra_off: m.speakers2_error_pro_contra_off,
	not_quorate: m.voting2_error_not_quorate,
	room_count_invalid: m.voting2_error_room_count_invalid,
	room_count_exceeds_seats: m.voting2_error_room_count_exceeds_seats,
	votes_exceed_seats: m.voting2_error_votes_exceed_seats,
	look_accent_contrast: m.look_error_accent_contrast,
	look_logo_type: m.look_error_logo_type,
	look_logo_too_large: m.look_error_logo_too_large,
	// Allowances, part C: rules and payees
	allowance_year_invalid: m.allowrules_error_year_invalid,
	allowance_amount_invalid: m.allowrules_error_amount_invalid,
	iban_required: m.payee_error_iban_required,
	iban_invalid: m.payee_error_iban_invalid,
	iban_checksum: m.payee_error_iban_checksum,
	bic_invalid: m.payee_error_bic_invalid,
	account_holder_required: m.payee_error_account_holder_required,
	account_holder_too_long: m.payee_error_account_holder_too_long,
	consent_required: m.payee_error_consent_required,
	// Payouts (issue 16, part D)
	payout_no_claims: m.payout_error_no_claims,
	payout_execution_date_invalid: m.payout_error_execution_date,
	payout_account_missing: m.payout_error_account_missing,
	payout_claim_not_released: m.payout_error_not_released,
	payout_payee_incomplete: m.payout_error_payee_incomplete,
	payout_amount_not_positive: m.payout_error_amount_not_positive,
	// Allowances: drafting, lines and receipts (issue 16, part B)
	claim_not_draft: m.claimedit_error_not_draft,
	claim_line_amount_invalid: m.claimedit_error_amount_invalid,
	claim_line_distance_invalid: m.claimedit_error_distance_invalid,
	claim_line_description_too_long: m.claimedit_error_description_too_long,
	claim_line_not_withdrawable: m.claimedit_error_line_not_withdrawable,
	claim_declaration_required: m.claimedit_error_declaration_required,
	official_interest_office_only: m.claimedit_error_official_interest_office_only,
	receipt_not_for_kind: m.claimedit_error_receipt_not_for_kind,
	receipt_too_large: m.claimedit_error_receipt_too_large,
	receipt_type_not_allowed: m.claimedit_error_receipt_type_not_allowed,
	receipt_unreadable: m.claimedit_error_receipt_unreadable,
	attendance_has_paid_claim: m.claimedit_error_attendance_has_paid_claim,
	// Expense allowances, the office's decisions (part A)
	claim_wrong_status: m.claims_error_wrong_status,
	claim_decision_missing: m.claims_error_decision_missing,
	claim_line_unknown: m.claims_error_line_unknown,
	claim_reason_required: m.claims_error_reason_required,
	claim_reason_too_long: m.claims_error_reason_too_long,
	over_yearly_limit: m.claims_error_over_yearly_limit,
	claim_same_approver: m.claims_error_same_approver,
	claim_own: m.claims_error_own,
	claim_line_not_reversible: m.claims_error_line_not_reversible,
	claim_line_already_reversed: m.claims_error_line_already_reversed,
	claim_bank_changed_by_releaser: m.claims_error_bank_changed_by_releaser,
	// Newsletter sending (issue 17, part D)
	sending_not_running: m.sending_error_not_running,
	sending_not_paused: m.sending_error_not_paused,
	// Newsletter drafts (issue 17, part B)
	digest_audience_unknown: m.digest_error_audience_unknown,
	digest_suggestion_gone: m.digest_error_suggestion_gone,
	digest_test_no_address: m.digest_error_test_no_address,
	// Newsletter: publishing a digest (issue 17, part C)
	publish_not_draft: m.publish_error_not_draft,
	publish_standard_empty: m.publish_error_standard_empty,
	publish_easy_unchecked: m.publish_error_easy_unchecked,
	publish_easy_missing: m.publish_error_easy_missing,
	// Newsletter subscribers (issue 17, part A)
	subscribe_email_invalid: m.subscribe_error_email_invalid,
	subscribe_link_invalid: m.subscribe_error_link_invalid,
	subscribe_not_subscribed: m.subscribe_error_not_subscribed,
	subscribe_no_email: m.subscribe_error_no_email,
	// Invitation rounds, letters and reminders (issue 18, part B)
	invite_signature_too_large: m.invite_error_signature_too_large,
	invite_signature_type: m.invite_error_signature_type,
	invite_date_unknown: m.invite_error_date_unknown,
	invite_date_past: m.invite_error_date_past,
	invite_deadline_invalid: m.invite_error_deadline_invalid,
	invite_recipients_unknown: m.invite_error_recipients_unknown,
	invite_no_recipients: m.invite_error_no_recipients,
	invite_placeholder_unknown: m.invite_error_placeholder_unknown,
	invite_already_sent: m.invite_error_already_sent,
	invite_not_sent: m.invite_error_not_sent,
	invite_reminder_too_late: m.invite_error_reminder_too_late,
	invite_date_has_round: m.invite_error_date_has_round,
	// The steering group and "Mitmachen" (issue 18, part D)
	steering_group_exists: m.steering_error_group_exists,
	// Invitations: answering (issue 18, part C)
	rsvp_closed: m.rsvp_error_closed,
	rsvp_detail_too_long: m.rsvp_error_detail_too_long,
	// Members by seat and the diversity view (issue 18, part A)
	sector_name_taken: m.members_error_sector_name_taken,
	term_ends_before_start: m.members_error_term_ends_before_start,
	diversity_consent_required: m.members_error_diversity_consent_required
};

/** The localized message for a refusal, for pages that explain in advance why something is not possible. */
export function messageFor(code: CommandErrorCode): string {
	return messages[code]();
}

/** Not found is 404; a document that cannot be opened is ours (503, try again later); any other refusal is the request's. */
// A document that kept changing while it was stored is a conflict with other editors, not a fault of the request.
const statusOf = (code: CommandErrorCode) => (code === 'not_found' ? 404 : code === 'document_broken' ? 503 : code === 'document_busy' ? 409 : 400);

/**
 * Turns a domain refusal into the form's answer (message next to its field, input kept);
 * anything else is a real fault and goes on to the error page. A refusal about a field the page
 * fills in itself (see `fromPage`) is shown as the form's: the person cannot see that field.
 */
export function refused(error: unknown, form: FormData, extra: Record<string, unknown> = {}, spec: Record<string, Field<unknown>> = {}) {
	if (!(error instanceof CommandError)) throw error;
	const values: Record<string, string> = {};
	for (const [name, value] of form.entries()) if (typeof value === 'string' && name !== 'password') values[name] = value;
	const field = error.field && !spec[error.field]?.fromPage ? error.field : 'form';
	return fail(statusOf(error.code), {
		errors: { [field]: messages[error.code]() },
		values,
		// Which rule said no, for pages that offer a way out of a particular refusal.
		refusal: error.code,
		...extra
	});
}
