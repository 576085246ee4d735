import type { Actions, PageServerLoad } from './$types';
import { unsubscribeFromNewsletter } from '$lib/server/commands/unsubscribeFromNewsletter';
import { subscriberByLink } from '$lib/server/queries/newsletterSubscribers';
import { subscriberLinkKeysOn } from '$lib/server/newsletter/links';
import { getData } from '$lib/server/db/data';

/**
 * The visible unsubscribe link of every mail: a page with one button and the words of what it
 * does. A mail client's RFC 8058 one-click POST to the same address never reaches this page:
 * hooks.server.ts answers it (see http/oneClickUnsubscribe.ts).
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The address in the link is a key: no shared cache keeps the page.
	setHeaders({ 'cache-control': 'private, no-store' });
	const data = getData();
	const subscriber = await subscriberByLink(data, subscriberLinkKeysOn(data), params.token);
	return {
		subscriber: subscriber ? { conferenceName: subscriber.conferenceName, email: subscriber.email, state: subscriber.state, edition: subscriber.edition } : null
	};
};

export const actions: Actions = {
	default: async ({ params, getClientAddress }) => {
		const data = getData();
		const subscriber = await subscriberByLink(data, subscriberLinkKeysOn(data), params.token);
		if (!subscriber) return { unsubscribed: false as const };
		await unsubscribeFromNewsletter(data, { subscriberId: subscriber.id, via: 'link', clientAddress: getClientAddress() });
		return { unsubscribed: true as const };
	}
};
