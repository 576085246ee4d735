import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { payoutBatch } from '$lib/server/queries/payouts';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const found = await payoutBatch(getData(), locals.actor, params.conferenceId, params.batchId);
	if (!found) error(404, { message: 'not_found' });
	// The file itself stays on the server: the page offers it as a download.
	const { xml: _xml, ...batch } = found.batch;
	return { batch, claims: found.claims, created: url.searchParams.has('created') };
};
