import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { payoutBatch } from '$lib/server/queries/payouts';

/** The file exactly as built and stored, for the bank's upload (payoutBatch authorizes payout.list). */
export const GET: RequestHandler = ({ locals, params }) => {
	const found = payoutBatch(getDb(), locals.actor, params.conferenceId, params.batchId);
	if (!found) error(404, { message: 'not_found' });
	return new Response(found.batch.xml, {
		headers: {
			'Content-Type': 'application/xml; charset=utf-8',
			'Content-Disposition': `attachment; filename="${found.batch.messageId}.xml"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
