import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { payoutBatch } from '$lib/server/queries/payouts';
import { getData } from '$lib/server/db/data';

/** The file exactly as built and stored, for the bank's upload (payoutBatch authorizes payout.list). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const found = await payoutBatch(getData(), locals.actor, params.conferenceId, params.batchId);
	if (!found) error(404, { message: 'not_found' });
	return new Response(found.batch.xml, {
		headers: {
			'Content-Type': 'application/xml; charset=utf-8',
			'Content-Disposition': `attachment; filename="${found.batch.messageId}.xml"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
