import { error, type RequestEvent } from '@sveltejs/kit';
import { BODY_SIZE_LIMIT, UPLOAD_ROUTES } from './bodyLimit';
import { clientErrorWords } from '$lib/i18n/errorWords';

/**
 * The limit of a form's body, kept by us. adapter-node reads bodies up to the largest upload limit
 * (`server/index.ts`); an upload form's body is held to its own limit here, every other request's
 * to BODY_SIZE_LIMIT, the way adapter-node holds it: reading it fails with 413, so the form
 * action, the error page and `use:enhance` answer exactly as they did when adapter-node refused
 * it. A body that declares a larger length fails at once, unread; one sent in chunks once past
 * the limit.
 */
export function limitFormBody(event: RequestEvent): { refused: () => boolean } {
	const { request } = event;
	let refused = false;
	const answer = { refused: () => refused };
	if (request.body === null) return answer;
	const upload = uploadLimit(event);
	const limit = upload ?? BODY_SIZE_LIMIT;
	const declared = request.headers.get('content-length');
	// A declared length is kept by adapter-node (a body longer than it declares is cut off).
	if (declared !== null && Number(declared) <= limit) return answer;
	const tooLarge = () => {
		refused = true;
		console.warn(`client error 413 ${request.method} ${event.url.pathname}: Payload Too Large`);
		return payloadTooLarge(upload !== undefined ? 'file_too_large' : undefined);
	};
	const body =
		declared !== null
			? new ReadableStream<Uint8Array>({ start: (controller) => controller.error(tooLarge()) })
			: request.body.pipeThrough(counting(limit, tooLarge));
	event.request = new Request(request, { body, duplex: 'half' } as RequestInit);
	return answer;
}

function counting(limit: number, tooLarge: () => unknown) {
	let size = 0;
	return new TransformStream<Uint8Array, Uint8Array>({
		transform(chunk, controller) {
			size += chunk.byteLength;
			if (size > limit) controller.error(tooLarge());
			else controller.enqueue(chunk);
		}
	});
}

/** SvelteKit's own kind of error with our words, which is what answers a 413 everywhere else. */
function payloadTooLarge(reason: 'file_too_large' | undefined): unknown {
	try {
		error(413, { message: clientErrorWords(413, reason).text, ...(reason && { reason }) });
	} catch (e) {
		return e;
	}
}

/** The limit of an upload form's body, or undefined for every other request. */
function uploadLimit(event: RequestEvent): number | undefined {
	const action = event.url.search.startsWith('?/') ? event.url.search.slice(2).split('&')[0] : null;
	return UPLOAD_ROUTES.find((u) => u.routeId === event.route.id && u.action === action)?.limit;
}
