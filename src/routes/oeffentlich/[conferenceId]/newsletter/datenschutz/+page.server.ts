import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { PRIVACY_POLICY_VERSION } from '$lib/server/newsletter/consent';
import { getConference } from '$lib/server/queries/conferences';

/** The privacy statement the sign-up pages link to; its version is the one every consent row names. */
export const load: PageServerLoad = ({ params }) => {
	const conference = getConference(getDb(), params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	return { conference: { id: conference.id, name: conference.name }, version: PRIVACY_POLICY_VERSION };
};
