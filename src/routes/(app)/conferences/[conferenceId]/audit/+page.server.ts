import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { auditForConference, namesInAudit } from '$lib/server/queries/people';

const PAGE = 100;

export const load: PageServerLoad = ({ locals, params, url }) => {
	authorize(locals.actor, 'conference.viewAudit', { conferenceId: params.conferenceId });
	const raw = Number(url.searchParams.get('before'));
	const before = Number.isInteger(raw) && raw > 0 ? raw : undefined;
	const db = getDb();
	const entries = auditForConference(db, params.conferenceId, { before, limit: PAGE + 1 });
	const page = entries.slice(0, PAGE);
	return {
		entries: page,
		names: namesInAudit(db, page),
		olderFrom: entries.length > PAGE ? page[page.length - 1].seq : null,
		paged: before !== undefined
	};
};
