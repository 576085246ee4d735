import { error } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { first } from '$lib/server/db/client';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';

/**
 * The signature image for the office's pages (settings, print). Unlike the logo it is not public:
 * a signature on an open address invites forgery; the mail carries its own copy inline.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	const data = getData();
	const { conferenceSignatures } = data.t;
	const row = first(await data.q.select().from(conferenceSignatures).where(eq(conferenceSignatures.conferenceId, params.conferenceId)));
	if (!row) error(404, { message: 'not_found' });
	return new Response(new Uint8Array(row.bytes), {
		headers: {
			'content-type': row.contentType,
			'content-length': String(row.size),
			'cache-control': 'private, max-age=300',
			'content-security-policy': "default-src 'none'; sandbox",
			'x-content-type-options': 'nosniff'
		}
	});
};
