import type { PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { listConferencePeople } from '$lib/server/queries/people';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'person.list', { conferenceId: params.conferenceId });
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	return { q, people: await listConferencePeople(getData(), params.conferenceId, q) };
};
