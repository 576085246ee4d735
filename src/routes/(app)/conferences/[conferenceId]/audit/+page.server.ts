import type { PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { auditForConference, namesInAudit } from '$lib/server/queries/people';
import { getData } from '$lib/server/db/data';

const PAGE = 100;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'conference.viewAudit', { conferenceId: params.conferenceId });
	const raw = Number(url.searchParams.get('before'));
	const before = Number.isInteger(raw) && raw > 0 ? raw : undefined;
	const data = getData();
	const entries = await auditForConference(data, params.conferenceId, { before, limit: PAGE + 1 });
	const page = entries.slice(0, PAGE);
	return {
		entries: page,
		names: await namesInAudit(data, page),
		olderFrom: entries.length > PAGE ? page[page.length - 1].seq : null,
		paged: before !== undefined
	};
};
