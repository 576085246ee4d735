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
	| 'speaker_reason_only_for_order'
	| 'point_of_order_off'
	| 'pro_contra_off'
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
	| 'attendance_has_paid_claim';

export class CommandError extends Error {
	constructor(
		readonly code: CommandErrorCode,
		readonly field?: string
	) {
		super(code);
		this.name = 'CommandError';
	}
}
