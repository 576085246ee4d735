import { and, eq } from 'drizzle-orm';
import type { Locale } from '../../domain/roles';
import { type Edition } from '../db/schema';
import { hashToken } from '../auth/sessions';
import { newSecretToken } from '../ids';
import { mailOrigin } from '../allowances/scheduleDrafting';
import { seal } from '../jobs/sealed';
import { confirmSubscriptionJobKey } from '../jobs/kinds/newsletterConfirmSubscription';
import { appendConsentIn, consentText } from '../newsletter/consent';
import { linkKeysOn } from '../invitations/links';
import { CommandError } from './support/errors';
import { insertSubscriberUnlessTaken, normalizeAddress } from './support/subscribers';
import { transactOn } from '../effects/transactOn';
import { type Data, first } from '../db/client';

/** How long a confirmation link opens: three days cover a weekend away from the inbox. */
const CONFIRMATION_VALID_MS = 72 * 60 * 60 * 1000;

const EMAIL_MAX = 254;
const NAME_MAX = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SubscribeInput {
	conferenceId: string;
	email: string;
	name?: string | null;
	edition: Edition;
	/** The standard form or the one in Leichte Sprache: which consent text the person was shown. */
	via: 'form' | 'easy_form';
	/** The language the form was shown in: the consent text is stored in it, the mail is written in it. */
	locale: Locale;
	clientAddress: string | null;
	/** Where the confirmation link points (the request's origin). */
	origin?: string;
	now?: Date;
}

/**
 * A public sign-up (double opt-in): the address gets a pending subscription and a mail with a
 * one-time link; only the click on that page's button makes it active. The sign-up is logged
 * with the consent text exactly as shown, the privacy statement's version and the client
 * address. The answer is the same whatever the address's state, so the form cannot be used to
 * find out who subscribed; an address that is active already gets no mail at all (a "you are
 * subscribed already" mail would let anyone send mail to any subscriber).
 */
export async function subscribeToNewsletter(data: Data, input: SubscribeInput): Promise<{ accepted: true }> {
	const { conferences, newsletterSubscribers } = data.t;
	const email = normalizeAddress(input.email);
	if (email.length > EMAIL_MAX || !EMAIL.test(email)) throw new CommandError('subscribe_email_invalid', 'email');
	const name = input.name?.trim().slice(0, NAME_MAX) || null;
	const at = input.now ?? new Date();
	await transactOn(data, async (tx, effects) => {
		const conference = first(await tx.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, input.conferenceId)));
		if (!conference) throw new CommandError('not_found');
		const token = newSecretToken();
		const tokenHash = hashToken(token);
		let subscriberId: string | null = null;
		// Twice at most: a sign-up of the same address that committed first (PostgreSQL) is read on the
		// second pass, and this one goes on with its row, as if it had been there (the address is a key).
		for (let pass = 0; subscriberId === null; pass++) {
			if (pass > 1) throw new Error('subscribeToNewsletter: the address is taken, yet no subscriber has it');
			const existing = first(
				await tx
					.select()
					.from(newsletterSubscribers)
					.where(and(eq(newsletterSubscribers.conferenceId, input.conferenceId), eq(newsletterSubscribers.email, email)))
			);
			// An active address is not told apart; one that bounces signs up again and proves it by the link.
			if (existing?.state === 'active' && existing.bouncingSince === null) return;
			const pending = {
				name: name ?? existing?.name ?? null,
				edition: input.edition,
				state: 'pending' as const,
				confirmTokenHash: tokenHash,
				confirmExpiresAt: new Date(at.getTime() + CONFIRMATION_VALID_MS)
			};
			if (existing) {
				await tx.update(newsletterSubscribers).set(pending).where(eq(newsletterSubscribers.id, existing.id));
				subscriberId = existing.id;
			} else subscriberId = await insertSubscriberUnlessTaken(data, tx, { conferenceId: input.conferenceId, email, ...pending });
		}
		await appendConsentIn(data, tx, subscriberId, {
			event: 'signed_up',
			via: input.via,
			at,
			formText: consentText(input.via, conference.name, input.locale),
			edition: input.edition,
			clientAddress: input.clientAddress
		});
		// One job per token: a second sign-up supersedes the first link, and its own mail goes out.
		const key = confirmSubscriptionJobKey(subscriberId, tokenHash);
		await effects.job(
			'newsletter.confirmSubscription',
			{ subscriberId, tokenHash, origin: mailOrigin(input.origin), locale: input.locale, via: input.via, sealedToken: seal(linkKeysOn(data), token, key) },
			{ key, conferenceId: input.conferenceId }
		);
	});
	return { accepted: true };
}
