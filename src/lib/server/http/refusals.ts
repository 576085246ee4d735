import { error } from '@sveltejs/kit';
import { NotAllowed, type RefusalReason } from '../policies';

/** How the web answers a refusal of the policies: the one place a reason becomes a status. */
export const REFUSAL_STATUS: Record<RefusalReason, 401 | 403 | 404> = {
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404
};

/**
 * The domain layer refuses with `NotAllowed` and knows nothing of HTTP. SvelteKit decides the
 * status of whatever a load, form action or endpoint throws by `instanceof HttpError`; `handle`
 * cannot catch a load's error and `handleError` cannot change its status (it stays 500). So the
 * edge teaches SvelteKit this one error, once, at start-up: a `NotAllowed` counts as its
 * HttpError, with the status above and `{ message: reason }` as body, exactly what `error()`
 * gave before. No route has to wrap its code, and none can forget to.
 *
 * This leans on how SvelteKit 2 recognises its HttpError, which it does not promise: SvelteKit
 * 2 has no public way to map a domain error to a status (sveltejs/kit#14442); SvelteKit 3's
 * `handleError` may return a status (sveltejs/kit#16664), which replaces this whole module. Until
 * then `tests/integration/domainRefusals.test.ts` runs the production build and fails if an
 * update of SvelteKit stops honouring it.
 */
export function answerRefusalsAsHttpErrors(): void {
	if (Object.hasOwn(NotAllowed.prototype, 'status')) return;
	Object.defineProperties(NotAllowed.prototype, {
		status: {
			get(this: NotAllowed) {
				return REFUSAL_STATUS[this.reason];
			}
		},
		body: {
			get(this: NotAllowed) {
				return { message: this.reason };
			}
		}
	});
	const HttpError = httpErrorClass();
	const isHttpError = Function.prototype[Symbol.hasInstance];
	Object.defineProperty(HttpError, Symbol.hasInstance, {
		value: (value: unknown) => value instanceof NotAllowed || isHttpError.call(HttpError, value)
	});
}

/** SvelteKit does not export the class; `error()` throws an instance of it. */
function httpErrorClass(): new (...args: never[]) => unknown {
	try {
		error(500);
	} catch (thrown) {
		return (thrown as object).constructor as new (...args: never[]) => unknown;
	}
	throw new Error('error() did not throw');
}
