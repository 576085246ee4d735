/**
 * A form post whose action name SvelteKit cannot take, passed on with a name no page has.
 *
 * SvelteKit takes the name from the first query parameter that starts with "/" and looks it up
 * with `actions[name]`. It throws a plain Error for `?/default`, the name it reserves (a 500 and
 * a stack in the log), and it finds what every object inherits: `?/toString` "succeeds" with
 * nothing done, `?/constructor` and `?/valueOf` fail with a 500. None of these names an action
 * of ours. With the empty name instead, SvelteKit answers as for any action the page does not
 * have: a 404 its error page words as a form the page does not take.
 */
export function withTakeableActionName(request: Request): Request {
	if (request.method !== 'POST') return request;
	const url = new URL(request.url);
	const params = [...url.searchParams];
	const at = params.findIndex(([key]) => key.startsWith('/'));
	if (at === -1) return request;
	const name = params[at][0].slice(1);
	if (name !== 'default' && !(name in Object.prototype)) return request;
	params[at] = ['/', params[at][1]];
	url.search = new URLSearchParams(params).toString();
	return new Request(url, request);
}
