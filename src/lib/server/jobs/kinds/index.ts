import type { JobHandler } from '../types';
import { allowancesDraftClaims, type DraftClaimsPayload } from './allowancesDraftClaims';
import { mailAccessLink, type AccessLinkMailPayload } from './mailAccessLink';
import { mailClaimStep, type ClaimStepMailPayload } from './mailClaimStep';
import { mailMinutesCirculated, type MinutesMailPayload } from './mailMinutesCirculated';
import { newsletterTestMail, type TestMailPayload } from './newsletterTestMail';
import { newsletterConfirmSubscription, type ConfirmSubscriptionPayload } from './newsletterConfirmSubscription';
import { testProbe, type TestProbePayload } from './testProbe';
import { newsletterSend, type NewsletterSendPayload } from './newsletterSend';
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
	'members.termReminder': membersTermReminder
};
