import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getData, openData } from '$lib/server/db/data';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/cookies';
import { validateSessionTokenOn } from '$lib/server/auth/sessions';
import { ANONYMOUS, loadActorOn } from '$lib/server/policies';
import { routeVerdict } from '$lib/server/http/routeGuard';
import { refuseRequest } from '$lib/server/http/refuseRequest';
import { answerClientError, clientErrorReason } from '$lib/server/http/clientError';
import { clientErrorWords } from '$lib/i18n/errorWords';
import { isCrossSiteFormSubmission } from '$lib/server/http/crossSite';
import { withTakeableActionName } from '$lib/server/http/actionName';
import { answerRefusalsAsHttpErrors } from '$lib/server/http/refusals';
import { limitFormBody } from '$lib/server/http/formBodyLimit';
import { oneClickUnsubscribeToken } from '$lib/server/http/oneClickUnsubscribe';
import { subscriberByLink } from '$lib/server/queries/newsletterSubscribers';
import { subscriberLinkKeysOn } from '$lib/server/newsletter/links';
import { unsubscribeFromNewsletter } from '$lib/server/commands/unsubscribeFromNewsletter';

// Refusals of the policies answer 401/403/404 wherever a route lets them through.
answerRefusalsAsHttpErrors();

// The data layer is open before the first request: the production entry has opened it already;
// under `vite dev` this is where the PostgreSQL pool opens, or the SQLite file.
export const init: ServerInit = async () => {
	await openData();
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});

/**
 * A form sent from another site is refused before anything of the app runs: SvelteKit's CSRF
 * rule, which svelte.config.js leaves to us so that the answer is in the person's language. The
 * log names the origin: when every post is refused, ORIGIN (or the proxy's headers) is wrong.
 */
const handleCrossSite: Handle = ({ event, resolve }) => {
	if (!isCrossSiteFormSubmission(event.request, event.url.origin)) return resolve(event);
	const from = event.request.headers.get('origin') ?? 'no origin';
	console.warn(`client error 403 ${event.request.method} ${event.url.pathname}: form sent from ${from}, this server is ${event.url.origin}`);
	return answerClientError(event, 403, 'cross_site');
};

/** adapter-node throws when ADDRESS_HEADER is set and a request lacks it; a log entry does without the address then. */
function clientAddressIfKnown(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/**
 * RFC 8058 one-click unsubscription (see oneClickUnsubscribe.ts): exactly this path and this
 * body are answered here, before the cross-site check would refuse them, with 200 and no body.
 * A link that names no one (forged, revoked, erased) is answered the same: the mail client has
 * no one to tell, and a different answer would say which links belong to someone.
 */
const handleOneClickUnsubscribe: Handle = async ({ event, resolve }) => {
	const token = await oneClickUnsubscribeToken(event.request, event.url);
	if (token === null) return resolve(event);
	const data = getData();
	const subscriber = await subscriberByLink(data, subscriberLinkKeysOn(data), token);
	if (subscriber) await unsubscribeFromNewsletter(data, { subscriberId: subscriber.id, via: 'one_click', clientAddress: clientAddressIfKnown(event) });
	return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
};

/**
 * Requests our pages never send, answered in our words instead of SvelteKit's: a form action
 * name SvelteKit cannot take goes on as one the page does not have (see actionName.ts), and a
 * method a route does not take gets our 405 instead of SvelteKit's English plain text.
 */
const handleActionNamesAndMethods: Handle = async ({ event, resolve }) => {
	event.request = withTakeableActionName(event.request);
	const response = await resolve(event);
	// SvelteKit's own 405 is "PUT method not allowed" as bytes with no content type; its 405 for a
	// POST where no form takes one is already the error page (HTML) or an ActionResult (JSON).
	if (response.status === 405 && !response.headers.has('content-type')) {
		await response.body?.cancel();
		return answerClientError(event, 405, undefined, { allow: response.headers.get('allow') ?? '' });
	}
	return response;
};

/** A form's body is held to the form limit; only an upload may be larger (see bodyLimit.ts). */
const handleBodyLimit: Handle = async ({ event, resolve }) => {
	const body = limitFormBody(event);
	const response = await resolve(event);
	if (!body.refused()) return response;
	// The unread rest of a refused body is still on the wire: the connection cannot carry another request.
	const headers = new Headers(response.headers);
	headers.set('connection', 'close');
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

/** Loads the session from its cookie and, with it, everything the policies need to know. */
const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.person = null;
	event.locals.session = null;
	event.locals.actor = ANONYMOUS;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const data = getData();
		const secure = event.url.protocol === 'https:';
		const { session, person, linkConferenceId } = await validateSessionTokenOn(data, token);
		if (session) {
			setSessionCookie(event.cookies, token, session.expiresAt, secure);
			event.locals.session = session;
			event.locals.person = person;
			event.locals.actor = await loadActorOn(data, person.id, session.accessLinkId ? { conferenceId: linkConferenceId } : undefined);
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
const handleRouteGuard: Handle = async ({ event, resolve }) => {
	const verdict = await routeVerdict(getData(), event.locals.actor, event.route.id, event.params);
	return verdict === 'allowed' ? resolve(event) : refuseRequest(event, verdict, resolve);
};

/**
 * The newsletter's sign-up pages are meant to be embedded in the conference's or a partner's
 * own website (an iframe), so they alone may be framed by any site. Nothing on them acts for a
 * signed-in person (the form only asks for an address, which is then confirmed by mail), so
 * framing gives clickjacking nothing to steal. svelte.config.js sets `frame-ancestors 'none'`
 * for every page; it is widened here for these two routes only.
 */
const EMBEDDABLE_ROUTES = new Set(['/oeffentlich/[conferenceId]/newsletter/anmelden', '/oeffentlich/[conferenceId]/newsletter/anmelden/einfach']);

function allowFraming(response: Response): void {
	const csp = response.headers.get('content-security-policy');
	if (csp) response.headers.set('content-security-policy', csp.replace("frame-ancestors 'none'", 'frame-ancestors *'));
}

/** Pages are personal: never cached by shared proxies, never framed (but see above), never leak the URL onward. */
const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.route.id && EMBEDDABLE_ROUTES.has(event.route.id)) allowFraming(response);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	if (!response.headers.has('Referrer-Policy')) response.headers.set('Referrer-Policy', 'same-origin');
	if (event.locals.session && !response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

export const handle = sequence(
	handleLocale,
	handleHeaders,
	handleOneClickUnsubscribe,
	handleCrossSite,
	handleBodyLimit,
	handleSession,
	handleRouteGuard,
	handleActionNamesAndMethods
);

/**
 * Faults (5xx) are logged with an id; the visitor sees a plain page with that id, never a stack
 * trace. A client error SvelteKit raised (a body over the size limit, a content type no form
 * takes, a POST where no form takes one, an address that does not decode) is the client's: its
 * message is our words in the person's language (what `use:enhance` and scripts get as JSON; the
 * error page words it the same), and the log gets one line (SvelteKit's short text, never a
 * stack). A page that is not there is not logged at all.
 */
export const handleError: HandleServerError = ({ error, status, message, event }) => {
	if (status < 500) {
		const reason = clientErrorReason(status, event);
		if (status === 404 && !reason) return { message: 'not_found' };
		if (status !== 404) console.warn(`client error ${status} ${event.request.method} ${event.url.pathname}: ${message}`);
		return { message: clientErrorWords(status, reason).text, ...(reason ? { reason } : {}) };
	}
	const id = crypto.randomUUID().slice(0, 8);
	console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: `fault:${id}` };
};
