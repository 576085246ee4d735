import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { PRIVACY_POLICY_VERSION } from '$lib/server/newsletter/consent';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { getData } from '$lib/server/db/data';

/** The privacy statement the sign-up pages link to; its version is the one every consent row names. */
export const load: PageServerLoad = async ({ params }) => {
	const conference = await getConferenceOn(getData(), params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	return { conference: { id: conference.id, name: conference.name }, version: PRIVACY_POLICY_VERSION };
};
