import { error, redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { answerClientError } from './clientError';

type Resolve = Parameters<Handle>[0]['resolve'];

/** Routes answered by a `+server.ts`: SvelteKit does not tell a hook which kind of route matched. */
const ENDPOINTS = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.ts')).map((file) => file.slice('/src/routes'.length, -'/+server.ts'.length) || '/')
);

/**
 * SvelteKit's client shows an error page in the root layout, whose data it asks for alone
 * (`x-sveltekit-invalidated=1`). That runs no node of the route, and the root layout returns
 * only the person's own name and language: refused too, the error page would look signed out.
 */
function asksForRootLayoutOnly(request: Request): boolean {
	return /^10*$/.test(new URL(request.url).searchParams.get('x-sveltekit-invalidated') ?? '');
}

const MESSAGES = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' } as const;

/**
 * Answers a request the route guard refused, the way its kind of request expects, without running
 * any load, action or endpoint of the route. A page asks the person to sign in and come back
 * (SvelteKit encodes that redirect for data requests and form actions); data requests and
 * endpoints get the error as JSON (from which SvelteKit's client renders the error page);
 * form posts get `answerClientError`'s answer (an ActionResult for `use:enhance`, else the
 * refusal in the person's language).
 *
 * One kind is answered by the route itself: a full page render of a page the person may not
 * open. SvelteKit renders its friendly, localized error page only from a load, never from a hook,
 * and a full render cannot skip a node: every layout and the page run, each refuses on its own,
 * and the nearest layout's refusal decides what is shown. Should the route answer anything but a
 * refusal, its answer is dropped here and the fault logged: that load forgot its check.
 */
export async function refuseRequest(event: RequestEvent, status: 401 | 403 | 404, resolve: Resolve): Promise<Response> {
	const message = MESSAGES[status];
	const endpoint = event.route.id !== null && ENDPOINTS.has(event.route.id);
	if (status === 401 && !endpoint) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	if (event.isDataRequest && asksForRootLayoutOnly(event.request)) return resolve(event);
	if (endpoint || event.isDataRequest) error(status, { message });
	// A form post: an ActionResult for use:enhance, else our words (a hook cannot show +error.svelte).
	if (event.request.method === 'POST') return answerClientError(event, status);
	const response = await resolve(event);
	if (!response.ok) return response;
	await response.body?.cancel();
	console.error(`[route guard] ${event.request.method} ${event.route.id} answered ${response.status} though refused with ${status}: its load must decide its own permission`);
	error(status, { message });
}
