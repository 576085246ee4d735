import { m } from '$lib/paraglide/messages';
import type { ClaimLineKind, ClaimLineStatus, ClaimStatus, MeetingType } from '$lib/domain/allowances/types';

/*
 * The words for the states and kinds of allowance claims, as the office reads them. A file of its
 * own so the parts of the allowances work do not all edit `labels.ts`.
 */

export const claimStatusLabel: Record<ClaimStatus, () => string> = {
	draft: m.claims_status_draft,
	submitted: m.claims_status_submitted,
	approved: m.claims_status_approved,
	released: m.claims_status_released,
	paid: m.claims_status_paid,
	rejected: m.claims_status_rejected,
	cancelled: m.claims_status_cancelled
};

export const claimLineKindLabel: Record<ClaimLineKind, () => string> = {
	flat: m.claims_kind_flat,
	travel_km: m.claims_kind_travel_km,
	ticket: m.claims_kind_ticket,
	companion: m.claims_kind_companion,
	receipt: m.claims_kind_receipt,
	reversal: m.claims_kind_reversal
};

export const claimLineStatusLabel: Record<ClaimLineStatus, () => string> = {
	open: m.claims_line_open,
	approved: m.claims_line_approved,
	rejected: m.claims_line_rejected,
	withdrawn: m.claims_line_withdrawn
};

export const meetingTypeLabel: Record<MeetingType, () => string> = {
	plenary: m.claims_meeting_plenary,
	working_group: m.claims_meeting_working_group,
	steering_group: m.claims_meeting_steering_group,
	other: m.claims_meeting_other
};

const historyLabels: Record<string, () => string> = {
	'claim.draft': m.claims_history_draft,
	'claim.edit': m.claims_history_edit,
	'claim.submit': m.claims_history_submit,
	'claim.approve': m.claims_history_approve,
	'claim.reject': m.claims_history_reject,
	'claim.release': m.claims_history_release,
	'claim.reverseLine': m.claims_history_reverse,
	'claim.cancel': m.claims_history_cancel,
	'claim.pay': m.claims_history_pay
};

/** An entry of a claim's history; an action written by another part under a name not listed here shows as written. */
export const claimHistoryLabel = (action: string) => historyLabels[action]?.() ?? action;
