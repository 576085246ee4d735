import type { Data } from '../db/client';
import { subscribeToNewsletter, type SubscribeInput } from '../commands/subscribeToNewsletter';
import { normalizeAddress } from '../commands/support/subscribers';
import { addressKey } from './clientAddress';
import { attempt, enforce } from './limiter';

/**
 * The public sign-up under its limits, refused while paused (`LimitReached`). Every post counts
 * for the client address and for the address typed in (per conference), before anything is
 * stored: each sign-up sends a mail, and the mail goes to whoever's address was typed.
 */
export async function subscribeUnderLimits(data: Data, clientAddress: string, input: SubscribeInput) {
	enforce(
		await attempt([
			['newsletterSignUp.address', addressKey(clientAddress)],
			['newsletterSignUp.email', `${input.conferenceId}:${normalizeAddress(input.email).slice(0, 320)}`]
		])
	);
	return await subscribeToNewsletter(data, input);
}
