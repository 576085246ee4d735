import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { publishedDigests } from '$lib/server/queries/publishedDigests';
import { getData } from '$lib/server/db/data';

/**
 * The public archive of a conference's newsletter: every published issue, newest first, for
 * anyone, without signing in or JavaScript; with the way to subscribe and the Atom feed.
 */
export const load: PageServerLoad = async ({ params }) => {
	const data = getData();
	const conference = await getConferenceOn(data, params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	return {
		conference: { id: conference.id, name: conference.name },
		issues: await publishedDigests(data, conference.id)
	};
};
