// What a form can send (and SvelteKit's own binary form encoding): the bodies a cross-site page
// can post without asking the browser first (no CORS preflight).
const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata'];
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * SvelteKit's CSRF rule, unchanged (kit/src/runtime/server/respond.js, `csrf.checkOrigin`): a
 * form body sent with a method that changes something, from an origin other than ours or from
 * none named. svelte.config.js hands the check to us (`csrf.trustedOrigins: ['*']`), because
 * SvelteKit answers it in English plain text before any hook; hooks.server.ts asks this first
 * and words the refusal. We trust no other origin. Unlike SvelteKit, the check also holds in
 * development. One post is exempt, by exact path and body, before this check runs: a mail
 * client's RFC 8058 one-click unsubscription, which by its nature comes from no page at all
 * (see oneClickUnsubscribe.ts and hooks.server.ts).
 */
export function isCrossSiteFormSubmission(request: Request, ownOrigin: string): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase() ?? '';
	return FORM_CONTENT_TYPES.includes(type) && UNSAFE_METHODS.includes(request.method) && request.headers.get('origin') !== ownOrigin;
}
