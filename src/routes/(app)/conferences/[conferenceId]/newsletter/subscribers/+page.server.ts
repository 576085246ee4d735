import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { eraseSubscriber } from '$lib/server/commands/eraseSubscriber';
import { handleForm } from '$lib/server/forms/action';
import { eraseSubscriberForm } from '$lib/server/forms/newsletter';
import { subscriberOverview } from '$lib/server/queries/newsletterSubscribers';
import { getData } from '$lib/server/db/data';

/** The office's list of newsletter subscribers: counts, consent logs, export, erasure on request. */
export const load: PageServerLoad = async ({ locals, params, url }) => ({
	...(await subscriberOverview(getData(), locals.actor, params.conferenceId, {
		search: url.searchParams.get('suche') ?? undefined,
		page: Number(url.searchParams.get('seite')) || 1
	})),
	signUpPages: {
		standard: `${url.origin}/oeffentlich/${params.conferenceId}/newsletter/anmelden`,
		easy: `${url.origin}/oeffentlich/${params.conferenceId}/newsletter/anmelden/einfach`
	}
});

export const actions: Actions = {
	erase: ({ request, locals, params }) =>
		handleForm(request, 'erase', eraseSubscriberForm, async ({ subscriberId, confirm }) => {
			if (!confirm) return { erased: false, subscriberId, notice: m.subscribe_erase_confirm_required() };
			await eraseSubscriber(getData(), locals.actor, { conferenceId: params.conferenceId, subscriberId });
			return { erased: true };
		})
};
