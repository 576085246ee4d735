import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { conferenceLogo } from '$lib/server/queries/conferenceLogo';
import { getData } from '$lib/server/db/data';

/**
 * A conference's logo, public like its public page (the projector and the header show it too).
 * The address names the version: asked for the current one, browsers and proxies keep it for a
 * year; any other address gets the current logo for a few minutes only. The type is the one
 * sniffed at upload, never guessed by the browser (nosniff), and the answer is no document that
 * could run anything (CSP, and only raster types are stored).
 */
export const GET: RequestHandler = async ({ params, url, request }) => {
	const logo = await conferenceLogo(getData(), params.conferenceId);
	if (!logo) error(404, { message: 'not_found' });
	const etag = `"${logo.version}"`;
	const current = url.searchParams.get('v') === logo.version;
	const headers = {
		'content-type': logo.contentType,
		'cache-control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
		etag,
		'content-security-policy': "default-src 'none'; sandbox",
		'cross-origin-resource-policy': 'same-origin'
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(logo.bytes), { headers: { ...headers, 'content-length': String(logo.size) } });
};
