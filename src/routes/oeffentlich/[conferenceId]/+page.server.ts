import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { signLanguageVideo } from '$lib/accessibility/signLanguageVideo';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { getData } from '$lib/server/db/data';

/**
 * A conference's public start page: for anyone, without signing in or JavaScript. It explains
 * the conference in Leichte Sprache and in German Sign Language (where the office set a video),
 * as BITV 2.0 § 4 asks of a start page, and leads on to the adopted recommendations.
 */
export const load: PageServerLoad = async ({ params }) => {
	const conference = await getConferenceOn(getData(), params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	return {
		conference: { id: conference.id, name: conference.name, region: conference.region, description: conference.description },
		// Rows stored before the setting existed have no address: no video, said plainly.
		video: signLanguageVideo(conference.settings.signLanguageVideoUrl ?? null)
	};
};
