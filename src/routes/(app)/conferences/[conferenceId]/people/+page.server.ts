import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { listConferencePeople } from '$lib/server/queries/people';

export const load: PageServerLoad = ({ locals, params, url }) => {
	authorize(locals.actor, 'person.list', { conferenceId: params.conferenceId });
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	return { q, people: listConferencePeople(getDb(), params.conferenceId, q) };
};
