import { m } from '$lib/paraglide/messages';
import type { ConferenceRole, GroupKind, GroupRole, Locale, MemberStatus } from '$lib/domain/roles';
import { TIME_ZONE } from '$lib/domain/time';
import { dateTimeFormat } from '$lib/domain/dateTimeFormat';
import type { CheckInMethod } from '$lib/domain/checkIn';
import type { AgendaItemType } from '$lib/plenary/agenda';
import type { MinutesStatus, VersionReason } from '$lib/minutes/lifecycle';
import type { EasyStatus, EasyTextKind } from '$lib/easy/versions';
import type { Choice, MajorityRule, Outcome, PollKind, PollSecrecy } from '$lib/domain/voting';
import type { ImplementationState, PublicStage, RecommendationEvent, RecommendationField, RecommendationStatus } from '$lib/recommendations/status';

/** Display names for the domain's enums; the enums themselves live in $lib/domain/roles. */
export const conferenceRoleLabel: Record<ConferenceRole, () => string> = {
	office: m.role_office,
	moderator: m.role_moderator,
	member: m.role_member,
	newsletter_editor: m.role_newsletter_editor,
	easy_checker: m.role_easy_checker,
	guest: m.role_guest
};

export const memberStatusLabel: Record<MemberStatus, () => string> = {
	voting: m.member_status_voting,
	advisory: m.member_status_advisory,
	deputy: m.member_status_deputy
};

export const groupRoleLabel: Record<GroupRole, () => string> = {
	coordinator: m.group_role_coordinator,
	moderator: m.group_role_moderator,
	minute_taker: m.group_role_minute_taker,
	member: m.group_role_member
};

export const localeLabel: Record<Locale, () => string> = {
	de: m.locale_de,
	en: m.locale_en
};

/** "stimmberechtigtes Mitglied", "Stellvertretung für Dr. Weber", "Moderation" … */
export function describeRole(role: { role: ConferenceRole; memberStatus: MemberStatus | null; deputyFor?: { displayName: string } | null }): string {
	if (role.role !== 'member' || !role.memberStatus) return conferenceRoleLabel[role.role]();
	if (role.memberStatus === 'deputy' && role.deputyFor) return m.member_deputy_for({ name: role.deputyFor.displayName });
	return memberStatusLabel[role.memberStatus]();
}

export const agendaTypeLabel: Record<AgendaItemType, () => string> = {
	information: m.agenda_type_information,
	discussion: m.agenda_type_discussion,
	decision: m.agenda_type_decision,
	break: m.agenda_type_break
};

export const checkInMethodLabel: Record<CheckInMethod, () => string> = {
	qr: m.check_in_method_qr,
	code: m.check_in_method_code,
	office: m.check_in_method_office
};

export const outcomeLabel: Record<Outcome, () => string> = {
	adopted: m.poll_outcome_adopted,
	rejected: m.poll_outcome_rejected,
	no_quorum: m.poll_outcome_no_quorum,
	consensus: m.poll_outcome_consensus,
	no_consensus: m.poll_outcome_no_consensus
};

export const choiceLabel: Record<Choice, () => string> = {
	yes: m.poll_choice_yes,
	no: m.poll_choice_no,
	abstain: m.poll_choice_abstain,
	agree: m.poll_choice_agree,
	concerns: m.poll_choice_concerns,
	object: m.poll_choice_object
};

export const majorityRuleLabel: Record<MajorityRule, () => string> = {
	simple: m.majority_rule_simple,
	absolute: m.majority_rule_absolute,
	two_thirds: m.majority_rule_two_thirds
};

export const pollKindLabel: Record<PollKind, () => string> = {
	vote: m.poll_kind_vote,
	consensus: m.poll_kind_consensus
};

export const secrecyLabel: Record<PollSecrecy, () => string> = {
	named: m.poll_secrecy_named,
	secret: m.poll_secrecy_secret
};

const minutesStatusLabels: Record<MinutesStatus, () => string> = {
	draft: m.minutes_status_draft,
	circulated: m.minutes_status_circulated,
	approved: m.minutes_status_approved
};
export const minutesStatusLabel = (status: MinutesStatus) => minutesStatusLabels[status]();

const versionReasonLabels: Record<Exclude<VersionReason, 'restored'>, () => string> = {
	saved: m.minutes_version_reason_saved,
	circulated: m.minutes_version_reason_circulated,
	approved: m.minutes_version_reason_approved,
	returned: m.minutes_version_reason_returned,
	before_restore: m.minutes_version_reason_before_restore
};
/** Why a version of the minutes was taken: "verschickt", "Fassung 2 wiederhergestellt" … */
export function versionReasonLabel(version: { reason: VersionReason; restoredFromNumber: number | null }): string {
	return version.reason === 'restored'
		? m.minutes_version_reason_restored({ number: version.restoredFromNumber ?? '?' })
		: versionReasonLabels[version.reason]();
}

export const recommendationStatusLabel: Record<RecommendationStatus, () => string> = {
	draft: m.recommendation_status_draft,
	agreed: m.recommendation_status_agreed,
	submitted: m.recommendation_status_submitted,
	adopted: m.recommendation_status_adopted,
	rejected: m.recommendation_status_rejected,
	referred_back: m.recommendation_status_referred_back,
	forwarded: m.recommendation_status_forwarded
};

/** History entries: a status reached is named like the status; the other steps have their own words. */
export const recommendationEventLabel: Record<RecommendationEvent, () => string> = {
	...recommendationStatusLabel,
	created: m.recommendation_event_created,
	reopened: m.recommendation_event_reopened,
	scheduled: m.recommendation_event_scheduled
};

export const implementationStateLabel: Record<ImplementationState, () => string> = {
	planned: m.implementation_state_planned,
	in_progress: m.implementation_state_in_progress,
	done: m.implementation_state_done,
	stalled: m.implementation_state_stalled
};

export const publicStageLabel: Record<PublicStage, () => string> = {
	adopted: m.recommendation_status_adopted,
	forwarded: m.recommendation_status_forwarded,
	...implementationStateLabel
};

export const recommendationFieldLabel: Record<RecommendationField, () => string> = {
	title: m.recommendation_field_title,
	problem: m.recommendation_field_problem,
	proposal: m.recommendation_field_proposal,
	responsibleBodies: m.recommendation_field_responsible_bodies,
	easySummary: m.recommendation_field_easy_summary
};

const auditActionLabel: Record<string, () => string> = {
	'conference.create': m.audit_conference_create,
	'conference.update': m.audit_conference_update,
	'conference.setLogo': m.look_audit_set_logo,
	'conference.removeLogo': m.look_audit_remove_logo,
	'person.invite': m.audit_person_invite,
	'person.update': m.audit_person_update,
	'person.supportRecorded': m.audit_person_support_recorded,
	'person.supportErased': m.audit_person_support_erased,
	'accessLink.issue': m.audit_access_link_issue,
	'accessLink.revoke': m.audit_access_link_revoke,
	'conferenceRole.assign': m.audit_conference_role_assign,
	'conferenceRole.remove': m.audit_conference_role_remove,
	'group.create': m.audit_group_create,
	'group.update': m.audit_group_update,
	'groupRole.assign': m.audit_group_role_assign,
	'groupRole.remove': m.audit_group_role_remove,
	'self.updatePreferences': m.audit_self_update_preferences,
	'plenary.create': m.audit_plenary_create,
	'plenary.update': m.audit_plenary_update,
	'attendance.checkIn': m.audit_attendance_check_in,
	'attendance.record': m.audit_attendance_record,
	'attendance.remove': m.audit_attendance_remove,
	'poll.open': m.audit_poll_open,
	'poll.close': m.audit_poll_close,
	'poll.cancel': m.audit_poll_cancel,
	'poll.countRoom': m.voting2_audit_poll_count_room,
	'meeting.create': m.audit_meeting_create,
	'meeting.update': m.audit_meeting_update,
	'meetingAttendance.record': m.audit_meeting_attendance_record,
	'meetingAttendance.remove': m.audit_meeting_attendance_remove,
	'minutes.circulate': m.audit_minutes_circulate,
	'minutes.returnToDraft': m.audit_minutes_return_to_draft,
	'minutes.approve': m.audit_minutes_approve,
	'minutes.saveVersion': m.audit_minutes_save_version,
	'minutes.restore': m.audit_minutes_restore,
	'recommendation.create': m.audit_recommendation_create,
	'recommendation.agree': m.audit_recommendation_agree,
	'recommendation.reopen': m.audit_recommendation_reopen,
	'recommendation.submit': m.audit_recommendation_submit,
	'recommendation.schedule': m.audit_recommendation_schedule,
	'recommendation.decide': m.audit_recommendation_decide,
	'recommendation.forward': m.audit_recommendation_forward,
	'recommendation.report': m.audit_recommendation_report,
	'easyText.write': m.audit_easy_text_write,
	'easyText.check': m.audit_easy_text_check,
	'easyText.confirmCurrent': m.audit_easy_text_confirm_current,
	'accessibilityFeedback.submit': m.feedback_audit_submit,
	'accessibilityFeedback.answer': m.feedback_audit_answer,
	'accessibilityFeedback.purge': m.feedback_audit_purge,
	'job.retry': m.audit_job_retry,
	// Allowances, part C: rules and payees
	'allowance.configure': m.allowrules_audit_configure,
	'allowance.payoutAccount': m.allowrules_audit_payout_account,
	'payee.update': m.payee_audit_update,
	'socialBenefits.recorded': m.payee_audit_benefits_recorded,
	'socialBenefits.erased': m.payee_audit_benefits_erased,
	'participation.update': m.steering_audit_participation,
	// Invitations: answers and the waiting list (issue 18, part C)
	'invitation.answer': m.rsvp_audit_answer,
	'invitation.movedUp': m.rsvp_audit_moved_up,
	// Members by seat and the diversity view (issue 18, part A)
	'member.sectorsSaved': m.members_audit_sectors_saved,
	'member.groupTargetsSaved': m.members_audit_group_targets_saved,
	'member.seatUpdated': m.members_audit_seat_updated,
	'diversity.recorded': m.members_audit_diversity_recorded,
	'diversity.changed': m.members_audit_diversity_changed,
	'diversity.erased': m.members_audit_diversity_erased
};

export const groupKindLabel: Record<GroupKind, () => string> = {
	working: m.allowrules_group_kind_working,
	steering: m.allowrules_group_kind_steering,
	other: m.allowrules_group_kind_other
};

const easyStatusLabels: Record<EasyStatus, () => string> = {
	missing: m.easytext_status_missing,
	draft: m.easytext_status_draft,
	checked: m.easytext_status_checked
};
export const easyStatusLabel = (status: EasyStatus) => easyStatusLabels[status]();

const easyKindLabels: Record<EasyTextKind, () => string> = {
	plenary_session: m.easytext_kind_plenary_session,
	agenda_item: m.easytext_kind_agenda_item,
	group_meeting: m.easytext_kind_group_meeting,
	recommendation: m.easytext_kind_recommendation,
	minutes: m.easytext_kind_minutes,
	invitation: m.easytext_kind_invitation,
	digest: m.easytext_kind_digest
};
export const easyKindLabel = (kind: EasyTextKind) => easyKindLabels[kind]();

export function describeAuditAction(action: string): string {
	return auditActionLabel[action]?.() ?? action;
}

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'de-DE');

export function formatDateTime(date: Date | string | number, locale: string): string {
	return dateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(date));
}

export function formatDate(date: Date | string | number, locale: string): string {
	return dateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(date));
}

export function formatTime(date: Date | string | number, locale: string): string {
	return dateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(date));
}
