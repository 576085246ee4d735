import { redirect } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { LOCALES } from '$lib/domain/roles';
import { deleteDeviceCookie, deleteSessionCookie } from '$lib/server/auth/cookies';
import { forgetAllDevicesOn } from '$lib/server/auth/devices';
import { invalidateAllSessionsOn } from '$lib/server/auth/sessions';
import { updateOwnPreferences } from '$lib/server/commands/updateOwnPreferences';
import { checkbox, choice } from '$lib/server/forms/fields';
import { invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { rememberLocale } from '$lib/server/http/locale';
import { signedIn } from '$lib/server/http/signedIn';
import { getLocale } from '$lib/paraglide/runtime';
import { subscribeSelf } from '$lib/server/commands/subscribeSelf';
import { unsubscribeSelf } from '$lib/server/commands/unsubscribeSelf';
import { handleForm } from '$lib/server/forms/action';
import { accountNewsletterForm, accountUnsubscribeForm } from '$lib/server/forms/newsletter';
import { consentText } from '$lib/server/newsletter/consent';
import { mySubscriptions } from '$lib/server/queries/newsletterSubscribers';
import { recordDiversityProfile } from '$lib/server/commands/recordDiversityProfile';
import { eraseDiversityProfile } from '$lib/server/commands/eraseDiversityProfile';
import { eraseOwnDiversityForm, ownDiversityForm } from '$lib/server/forms/members';
import { ownDiversityProfiles } from '$lib/server/queries/members';
import { getData } from '$lib/server/db/data';
import { first } from '$lib/server/db/client';

export const load: PageServerLoad = async ({ locals }) => {
	const { person, session } = signedIn(locals);
	const locale = getLocale();
	// Per conference the person belongs to, with the consent text its form shows (and stores).
	const data = getData();
	const newsletter = (await mySubscriptions(data, locals.actor)).map((n) => ({ ...n, consentText: consentText('account', n.conferenceName, locale) }));
	const { sessions } = data.t;
	const open = first(await data.q.select({ n: count() }).from(sessions).where(eq(sessions.personId, person.id)))?.n ?? 0;
	return {
		preferences: { preferredLocale: person.preferredLocale, prefersEasyLanguage: person.prefersEasyLanguage },
		openSessions: open,
		sessionExpiresAt: session.expiresAt,
		newsletter,
		// One's own answers, per conference one belongs to: shown to oneself, changeable and erasable.
		diversity: await ownDiversityProfiles(data, locals.actor)
	};
};

export const actions: Actions = {
	preferences: async ({ request, locals, cookies, url }) => {
		const form = await readForm(request);
		const parsed = parseForm(form, { preferredLocale: choice(LOCALES), prefersEasyLanguage: checkbox() });
		if (!parsed.ok) return invalid(parsed);
		await updateOwnPreferences(getData(), locals.actor, { personId: signedIn(locals).person.id, ...parsed.data });
		rememberLocale(cookies, parsed.data.preferredLocale, url.protocol === 'https:');
		return { saved: true };
	},
	/** Subscribes to a conference's newsletter, or changes the edition of the subscription. */
	newsletterSubscribe: ({ request, locals, getClientAddress }) =>
		handleForm(request, 'newsletterSubscribe', accountNewsletterForm, async ({ conferenceId, edition }) => {
			await subscribeSelf(getData(), locals.actor, { conferenceId, edition, locale: getLocale(), clientAddress: getClientAddress() });
			return { conferenceId };
		}),
	newsletterUnsubscribe: ({ request, locals }) =>
		handleForm(request, 'newsletterUnsubscribe', accountUnsubscribeForm, async ({ conferenceId }) => {
			await unsubscribeSelf(getData(), locals.actor, { conferenceId });
			return { conferenceId };
		}),
	diversity: ({ request, locals }) =>
		handleForm(request, 'diversity', ownDiversityForm, async ({ conferenceId, ...answers }) => {
			await recordDiversityProfile(getData(), locals.actor, { conferenceId, personId: signedIn(locals).person.id, ...answers });
			return { conferenceId };
		}),
	eraseDiversity: ({ request, locals }) =>
		handleForm(request, 'eraseDiversity', eraseOwnDiversityForm, async ({ conferenceId }) => {
			await eraseDiversityProfile(getData(), locals.actor, { conferenceId, personId: signedIn(locals).person.id });
			return { conferenceId };
		}),
	/**
	 * Ends every session of this person, on every device, including this one, and forgets every
	 * browser they signed in with: none keeps its own sign-in allowance (a lost laptop, say).
	 */
	signOutEverywhere: async ({ locals, cookies, url }) => {
		const { person } = signedIn(locals);
		const secure = url.protocol === 'https:';
		const data = getData();
		await invalidateAllSessionsOn(data, person.id);
		await forgetAllDevicesOn(data, person.id);
		deleteSessionCookie(cookies, secure);
		deleteDeviceCookie(cookies, secure);
		redirect(303, '/?signed-out=everywhere');
	}
};
