import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { changeSubscriptionEdition } from '$lib/server/commands/changeSubscriptionEdition';
import { eraseOwnSubscription } from '$lib/server/commands/eraseOwnSubscription';
import { unsubscribeFromNewsletter } from '$lib/server/commands/unsubscribeFromNewsletter';
import { CommandError } from '$lib/server/commands/support/errors';
import { handleForm } from '$lib/server/forms/action';
import { editionForm, eraseOwnForm } from '$lib/server/forms/newsletter';
import { subscriberByLink } from '$lib/server/queries/newsletterSubscribers';
import { subscriberLinkKeysOn } from '$lib/server/newsletter/links';
import { getData } from '$lib/server/db/data';

/**
 * A subscriber's own page, reached through the personal link in every mail (the link is the
 * permission): the edition, unsubscribing, their data as a download, and erasure.
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

/** The subscriber the link names; a link that names no one is answered like a vanished row. */
async function subscriberOf(token: string) {
	const data = getData();
	const subscriber = await subscriberByLink(data, subscriberLinkKeysOn(data), token);
	if (!subscriber) throw new CommandError('not_found');
	return subscriber;
}

export const actions: Actions = {
	edition: ({ request, params, getClientAddress }) =>
		handleForm(request, 'edition', editionForm, async ({ edition }) => {
			await changeSubscriptionEdition(getData(), { subscriberId: (await subscriberOf(params.token)).id, edition, clientAddress: getClientAddress() });
		}),
	unsubscribe: ({ request, params, getClientAddress }) =>
		handleForm(request, 'unsubscribe', {}, async () => {
			await unsubscribeFromNewsletter(getData(), {
				subscriberId: (await subscriberOf(params.token)).id,
				via: 'preferences',
				clientAddress: getClientAddress()
			});
		}),
	erase: ({ request, params }) =>
		handleForm(request, 'erase', eraseOwnForm, async ({ confirm }) => {
			if (!confirm) return { erased: false, notice: m.subscribe_erase_confirm_required() };
			await eraseOwnSubscription(getData(), { subscriberId: (await subscriberOf(params.token)).id });
			return { erased: true };
		})
};
