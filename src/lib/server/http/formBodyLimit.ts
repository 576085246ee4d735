import type { RequestEvent } from '@sveltejs/kit';
import { BODY_SIZE_LIMIT, UPLOAD_ROUTES } from './bodyLimit';
import { answerClientError } from './clientError';

/**
 * The limit of a form's body, kept by us for every request but the uploads. adapter-node reads
 * bodies up to the larger upload limit (`server/index.ts`); every other request is held to
 * BODY_SIZE_LIMIT here, with the same 413 page SvelteKit would show: by its length where it
 * declares one (browsers always do for forms), else by reading it up to the limit.
 */
export async function refuseOversizedForm(event: RequestEvent): Promise<Response | null> {
	const { request } = event;
	if (request.body === null || isUpload(event)) return null;
	const declared = request.headers.get('content-length');
	if (declared !== null) return Number(declared) > BODY_SIZE_LIMIT ? tooLarge(event) : null;
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > BODY_SIZE_LIMIT) {
			await reader.cancel();
			return tooLarge(event);
		}
		chunks.push(value);
	}
	// Read to its end within the limit: handed on as a body of known length.
	event.request = new Request(request, { body: new Blob(chunks as BlobPart[]) });
	return null;
}

function isUpload(event: RequestEvent): boolean {
	const action = event.url.search.startsWith('?/') ? event.url.search.slice(2).split('&')[0] : null;
	return UPLOAD_ROUTES.some((u) => u.routeId === event.route.id && u.action === action);
}

function tooLarge(event: RequestEvent): Response {
	console.warn(`client error 413 ${event.request.method} ${event.url.pathname}: Payload Too Large`);
	return answerClientError(event, 413);
}
