import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { confirmSubscription } from '$lib/server/commands/confirmSubscription';
import { CommandError } from '$lib/server/commands/support/errors';
import { pendingSignUp } from '$lib/server/queries/newsletterSubscribers';

/**
 * The link in the confirmation mail. Opening it changes nothing: mail scanners and link
 * previews fetch every link, so only the button (a POST) confirms.
 */
export const load: PageServerLoad = ({ params }) => {
	const pending = pendingSignUp(getDb(), params.token);
	return { pending: pending ? { conferenceName: pending.conferenceName, edition: pending.edition } : null };
};

export const actions: Actions = {
	default: ({ params, getClientAddress }) => {
		try {
			confirmSubscription(getDb(), { token: params.token, clientAddress: getClientAddress() });
			return { confirmed: true as const };
		} catch (error) {
			if (error instanceof CommandError && error.code === 'subscribe_link_invalid') return { confirmed: false as const };
			throw error;
		}
	}
};
