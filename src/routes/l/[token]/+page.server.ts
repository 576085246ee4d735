import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/sessions';
import { signInWithAccessLink } from '$lib/server/commands/signInWithAccessLink';
import { rememberLocale } from '$lib/server/http/locale';

/**
 * Opening a personal link signs its person in (replacing whoever was signed in on this device)
 * and lands on their start page. A link that no longer works gets a plain explanation.
 */
export const load: PageServerLoad = ({ params, cookies, locals, url, setHeaders }) => {
	setHeaders({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' });
	const db = getDb();
	const result = signInWithAccessLink(db, params.token);
	if (!result.ok) return { state: result.state };
	if (locals.session) invalidateSession(db, locals.session.id);
	setSessionCookie(cookies, result.token, result.session.expiresAt, url.protocol === 'https:');
	rememberLocale(cookies, result.person.preferredLocale, url.protocol === 'https:');
	redirect(303, result.link.conferenceId ? `/start?conference=${result.link.conferenceId}` : '/start');
};
