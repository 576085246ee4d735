import { error } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { conferenceSignatures } from '$lib/server/db/schema';
import { authorize } from '$lib/server/policies';

/**
 * The signature image for the office's pages (settings, print). Unlike the logo it is not public:
 * a signature on an open address invites forgery; the mail carries its own copy inline.
 */
export const GET: RequestHandler = ({ params, locals }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	const row = getDb().select().from(conferenceSignatures).where(eq(conferenceSignatures.conferenceId, params.conferenceId)).get();
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
