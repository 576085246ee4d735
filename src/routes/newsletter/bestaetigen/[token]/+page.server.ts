import type { Actions, PageServerLoad } from './$types';
import { confirmSubscription } from '$lib/server/commands/confirmSubscription';
import { CommandError } from '$lib/server/commands/support/errors';
import { subscriberLinkKeysOn, subscriberLinks } from '$lib/server/newsletter/links';
import { pendingSignUp } from '$lib/server/queries/newsletterSubscribers';
import { getData } from '$lib/server/db/data';

/**
 * The link in the confirmation mail. Opening it changes nothing: mail scanners and link
 * previews fetch every link, so only the button (a POST) confirms.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The address in the link is a key: no shared cache keeps the page.
	setHeaders({ 'cache-control': 'private, no-store' });
	const pending = await pendingSignUp(getData(), params.token);
	return { pending: pending ? { conferenceName: pending.conferenceName, edition: pending.edition } : null };
};

export const actions: Actions = {
	default: async ({ params, getClientAddress, url }) => {
		const data = getData();
		try {
			const confirmed = await confirmSubscription(data, { token: params.token, clientAddress: getClientAddress() });
			// Whoever pressed the button holds the address: they get their personal links at once.
			const links = subscriberLinks(subscriberLinkKeysOn(data), url.origin, { id: confirmed.subscriberId, tokenVersion: confirmed.tokenVersion });
			return { confirmed: true as const, preferences: links.preferences, unsubscribe: links.unsubscribe };
		} catch (error) {
			if (error instanceof CommandError && error.code === 'subscribe_link_invalid') return { confirmed: false as const };
			throw error;
		}
	}
};
