import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { auditForConference } from '$lib/server/queries/people';

export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'conference.viewAudit', { conferenceId: params.conferenceId });
	return { entries: auditForConference(getDb(), params.conferenceId) };
};
