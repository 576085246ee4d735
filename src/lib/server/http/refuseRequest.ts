import { redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
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

/**
 * Answers a request the route guard refused, the way its kind of request expects, without running
 * any load, action or endpoint of the route. A page asks the person to sign in and come back
 * (SvelteKit encodes that redirect for data requests and form actions); data requests,
 * endpoints and form posts get `answerClientError`'s answer: JSON for data requests and scripts
 * (from which SvelteKit's client renders the error page), an ActionResult for `use:enhance`, and
 * for a browser a page with the refusal in the person's language.
 *
 * One kind is answered by the route itself: a full page render of a page the person may not
 * open. SvelteKit renders its friendly, localized error page only from a load, never from a hook,
 * and a full render cannot skip a node: every layout and the page run, each refuses on its own,
 * and the nearest layout's refusal decides what is shown. Should the route answer anything but a
 * refusal, its answer is dropped here and the fault logged: that load forgot its check.
 */
export async function refuseRequest(event: RequestEvent, status: 401 | 403 | 404, resolve: Resolve): Promise<Response> {
	const endpoint = event.route.id !== null && ENDPOINTS.has(event.route.id);
	if (status === 401 && !endpoint) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	if (event.isDataRequest && asksForRootLayoutOnly(event.request)) return resolve(event);
	// A hook cannot show +error.svelte: these get our words from answerClientError.
	if (endpoint || event.isDataRequest || event.request.method === 'POST') return answerClientError(event, status);
	const response = await resolve(event);
	if (!response.ok) return response;
	await response.body?.cancel();
	console.error(
		`[route guard] ${event.request.method} ${event.route.id} answered ${response.status} though refused with ${status}: its load must decide its own permission`
	);
	return answerClientError(event, status);
}
