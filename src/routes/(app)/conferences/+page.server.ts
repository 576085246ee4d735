import type { PageServerLoad } from './$types';
import { conferencesVisibleTo } from '$lib/server/queries/conferences';
import { getData } from '$lib/server/db/data';
import { can } from '$lib/server/policies';

export const load: PageServerLoad = async ({ locals }) => ({
	conferences: (await conferencesVisibleTo(getData(), locals.actor)).map((c) => ({ id: c.id, name: c.name, region: c.region })),
	canCreate: can(locals.actor, 'conference.create', null),
	seesPlatformJobs: can(locals.actor, 'job.list', { conferenceId: null })
});
