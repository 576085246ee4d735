import { eq } from 'drizzle-orm';
import { LOCALES, type Locale } from '../../../domain/roles';
import { first } from '../../db/client';
import { linkKeysOn } from '../../invitations/links';
import { sendSubscriptionConfirmationMail } from '../../mail/subscriptionConfirmationMail';
import { appendConsentIn } from '../../newsletter/consent';
import { unseal } from '../sealed';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * The confirmation mail of a newsletter sign-up. The token exists in clear only while the
 * sign-up is stored; the job carries it sealed and drops it once sent. It is sent only while
 * the sign-up still waits for this very token (a later sign-up supersedes it; a confirmation,
 * an unsubscription or an erasure ends it). The consent log gets `confirmation_sent` once the mail went out.
 */
export interface ConfirmSubscriptionPayload {
	subscriberId: string;
	/** The token's hash: which sign-up this mail is for. */
	tokenHash: string;
	origin: string;
	locale: Locale;
	/** The form the sign-up came from, for the consent log. */
	via: 'form' | 'easy_form';
	/** Absent once the mail is sent. */
	sealedToken?: string;
}

export const confirmSubscriptionJobKey = (subscriberId: string, tokenHash: string) =>
	`newsletter.confirmSubscription:${subscriberId}:${tokenHash.slice(0, 16)}`;

export const newsletterConfirmSubscription: JobHandler<ConfirmSubscriptionPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		const locale = stringField(o, 'locale', 8);
		if (!(LOCALES as readonly string[]).includes(locale)) throw new PermanentJobError('payload field locale is unknown');
		const payload: ConfirmSubscriptionPayload = {
			subscriberId: stringField(o, 'subscriberId', 64),
			tokenHash: stringField(o, 'tokenHash', 64),
			origin: stringField(o, 'origin'),
			locale: locale as Locale,
			via: o.via === 'easy_form' ? 'easy_form' : 'form'
		};
		if (o.sealedToken !== undefined) payload.sealedToken = stringField(o, 'sealedToken');
		return payload;
	},
	keepWhenDone: ({ sealedToken: _sent, ...rest }) => rest,
	async run(payload, { data, jobId, signal }) {
		const { conferences, newsletterSubscribers } = data.t;
		const found = first(
			await data.q
				.select({ subscriber: newsletterSubscribers, conferenceName: conferences.name })
				.from(newsletterSubscribers)
				.innerJoin(conferences, eq(conferences.id, newsletterSubscribers.conferenceId))
				.where(eq(newsletterSubscribers.id, payload.subscriberId))
		);
		const subscriber = found?.subscriber;
		// Superseded by a later sign-up, confirmed, unsubscribed or erased meanwhile: nothing to send,
		// and nothing failed either (the failed-jobs page is for the office to act on).
		if (!subscriber || subscriber.state !== 'pending' || subscriber.confirmTokenHash !== payload.tokenHash) return;
		// A retry days later must not mail a link that no longer opens.
		if (!subscriber.confirmExpiresAt || subscriber.confirmExpiresAt.getTime() <= Date.now()) throw new PermanentJobError('link_expired');
		if (!payload.sealedToken) throw new PermanentJobError('token_unavailable');
		const key = confirmSubscriptionJobKey(payload.subscriberId, payload.tokenHash);
		let token: string;
		try {
			// Sealed with the same keys by subscribeToNewsletter (JOBS_SECRET on PostgreSQL).
			token = unseal(linkKeysOn(data), payload.sealedToken, key);
		} catch {
			throw new PermanentJobError('token_unavailable');
		}
		if (signal.aborted) throw new Error('stopped before sending');
		const result = await sendSubscriptionConfirmationMail({
			to: subscriber.email,
			conferenceName: found.conferenceName,
			url: `${payload.origin}/newsletter/bestaetigen/${token}`,
			easy: subscriber.edition === 'easy',
			locale: payload.locale,
			// Mail is at-least-once: a rare second copy after a crash carries the same id.
			messageId: `<${jobId}.newsletter-confirm@ratschlag>`
		});
		if (result.sent) {
			await appendConsentIn(data, data.q, subscriber.id, { event: 'confirmation_sent', via: payload.via, at: new Date(), edition: subscriber.edition });
			return;
		}
		if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
		throw new Error(result.error);
	}
};
