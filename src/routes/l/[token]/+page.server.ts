import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { peekAccessLinkOn } from '$lib/server/auth/accessLinks';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSessionOn } from '$lib/server/auth/sessions';
import { signInWithAccessLink } from '$lib/server/commands/signInWithAccessLink';
import { rememberLocale } from '$lib/server/http/locale';

/**
 * Opening a personal link shows whose it is and for which conference; one button signs in.
 * The sign-in is a POST: link previews and mail scanners that fetch the URL change nothing,
 * and a link planted on another site cannot sign anyone out of their own session.
 */
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	setHeaders({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' });
	const peek = await peekAccessLinkOn(getData(), params.token);
	if (peek.state !== 'valid') return { state: peek.state };
	if (locals.person?.id === peek.personId && locals.session?.accessLinkId) redirect(303, locals.person.prefersEasyLanguage ? '/einfach' : '/start');
	return { state: peek.state, personName: peek.personName, conferenceName: peek.conferenceName };
};

export const actions: Actions = {
	default: async ({ params, cookies, locals, url }) => {
		const data = getData();
		const result = await signInWithAccessLink(data, params.token);
		if (!result.ok) return { state: result.state };
		if (locals.session) await invalidateSessionOn(data, locals.session.id);
		const secure = url.protocol === 'https:';
		setSessionCookie(cookies, result.token, result.session.expiresAt, secure);
		rememberLocale(cookies, result.person.preferredLocale, secure);
		// Who prefers Leichte Sprache lands on its pages; everyone can switch from there or to there.
		if (result.person.prefersEasyLanguage) redirect(303, '/einfach');
		redirect(303, result.link.conferenceId ? `/start?conference=${result.link.conferenceId}` : '/start');
	}
};
