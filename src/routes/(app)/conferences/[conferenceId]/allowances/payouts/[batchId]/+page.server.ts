import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { payoutBatch } from '$lib/server/queries/payouts';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const found = payoutBatch(getDb(), locals.actor, params.conferenceId, params.batchId);
	if (!found) error(404, { message: 'not_found' });
	// The file itself stays on the server: the page offers it as a download.
	const { xml: _xml, ...batch } = found.batch;
	return { batch, claims: found.claims, created: url.searchParams.has('created') };
};
