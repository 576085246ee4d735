import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { conferencesVisibleTo } from '$lib/server/queries/conferences';
import { can } from '$lib/server/policies';

export const load: PageServerLoad = ({ locals }) => ({
	conferences: conferencesVisibleTo(getDb(), locals.actor).map((c) => ({ id: c.id, name: c.name, region: c.region })),
	canCreate: can(locals.actor, 'conference.create', null),
	seesPlatformJobs: can(locals.actor, 'job.list', { conferenceId: null })
});
