import type { JobHandler } from '../types';
import { allowancesDraftClaims, type DraftClaimsPayload } from './allowancesDraftClaims';
import { mailAccessLink, type AccessLinkMailPayload } from './mailAccessLink';
import { mailClaimStep, type ClaimStepMailPayload } from './mailClaimStep';
import { mailMinutesCirculated, type MinutesMailPayload } from './mailMinutesCirculated';
import { newsletterTestMail, type TestMailPayload } from './newsletterTestMail';
import { newsletterConfirmSubscription, type ConfirmSubscriptionPayload } from './newsletterConfirmSubscription';
import { testProbe, type TestProbePayload } from './testProbe';
import { newsletterSend, type NewsletterSendPayload } from './newsletterSend';
import { mailInvitation, type InvitationMailPayload } from './mailInvitation';
import { invitationsRemind, type RemindPayload } from './invitationsRemind';
import { mailInvitationMovedUp, type MovedUpMailPayload } from './mailInvitationMovedUp';
import { membersTermReminder, type TermReminderPayload } from './membersTermReminder';

/** Every kind of background job and its payload. A new kind: one file in this folder, one line here and one in JOB_HANDLERS. */
export interface JobPayloads {
	'mail.accessLink': AccessLinkMailPayload;
	'mail.minutesCirculated': MinutesMailPayload;
	'mail.claimStep': ClaimStepMailPayload;
	'test.probe': TestProbePayload;
	'allowances.draftClaims': DraftClaimsPayload;
	'newsletter.testMail': TestMailPayload;
	'newsletter.send': NewsletterSendPayload;
	'newsletter.confirmSubscription': ConfirmSubscriptionPayload;
	'mail.invitation': InvitationMailPayload;
	'invitations.remind': RemindPayload;
	// Invitations: the waiting list (issue 18, part C)
	'mail.invitationMovedUp': MovedUpMailPayload;
	'members.termReminder': TermReminderPayload;
}

export type JobKind = keyof JobPayloads;

export type JobHandlers = { [K in JobKind]: JobHandler<JobPayloads[K]> };

export const JOB_HANDLERS: JobHandlers = {
	'mail.accessLink': mailAccessLink,
	'mail.minutesCirculated': mailMinutesCirculated,
	'mail.claimStep': mailClaimStep,
	'test.probe': testProbe,
	'allowances.draftClaims': allowancesDraftClaims,
	'newsletter.testMail': newsletterTestMail,
	'newsletter.send': newsletterSend,
	'newsletter.confirmSubscription': newsletterConfirmSubscription,
	'mail.invitation': mailInvitation,
	'invitations.remind': invitationsRemind,
	'mail.invitationMovedUp': mailInvitationMovedUp,
	'members.termReminder': membersTermReminder
};
