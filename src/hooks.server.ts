import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getDb } from '$lib/server/db';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/cookies';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { ANONYMOUS, loadActor } from '$lib/server/policies';
import { routeVerdict } from '$lib/server/http/routeGuard';
import { refuseRequest } from '$lib/server/http/refuseRequest';

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});

/** Loads the session from its cookie and, with it, everything the policies need to know. */
const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.person = null;
	event.locals.session = null;
	event.locals.actor = ANONYMOUS;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const db = getDb();
		const secure = event.url.protocol === 'https:';
		const { session, person, linkConferenceId } = validateSessionToken(db, token);
		if (session) {
			setSessionCookie(event.cookies, token, session.expiresAt, secure);
			event.locals.session = session;
			event.locals.person = person;
			event.locals.actor = loadActor(db, person.id, session.accessLinkId ? { conferenceId: linkConferenceId } : undefined);
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

/**
 * Nothing of a route runs before the guard let the request in: not a load (which a data request
 * can ask for without its layouts), not a form action, not an endpoint. Each load still decides
 * its own permission; this is the lock none of them can forget.
 */
const handleRouteGuard: Handle = ({ event, resolve }) => {
	const verdict = routeVerdict(getDb(), event.locals.actor, event.route.id, event.params);
	return verdict === 'allowed' ? resolve(event) : refuseRequest(event, verdict, resolve);
};

/** Pages are personal: never cached by shared proxies, never framed, never leak the URL onward. */
const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', 'same-origin');
	if (event.locals.session && !response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

export const handle = sequence(handleLocale, handleSession, handleHeaders, handleRouteGuard);

/**
 * Faults (5xx) are logged with an id; the visitor sees a plain page with that id, never a stack
 * trace. A client error (a body over the size limit, a content type no form takes, a POST where
 * no form takes one) is the client's: the page says what happened, and the log gets one line
 * (SvelteKit's short text, never a stack).
 */
export const handleError: HandleServerError = ({ error, status, message, event }) => {
	if (status === 404) return { message: 'not_found' };
	if (status < 500) {
		console.warn(`client error ${status} ${event.request.method} ${event.url.pathname}: ${message}`);
		return { message };
	}
	const id = crypto.randomUUID().slice(0, 8);
	console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: `fault:${id}` };
};
