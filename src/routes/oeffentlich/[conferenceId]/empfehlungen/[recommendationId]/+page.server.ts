import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { ANONYMOUS, can } from '$lib/server/policies';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { getPublicRecommendation } from '$lib/server/queries/recommendations';
import { checkedEasyVersion } from '$lib/server/easy/versions';
import { recommendationText } from '$lib/easy/standardTexts';
import { getData } from '$lib/server/db/data';

/**
 * An adopted recommendation for the public: its text, the summary in easy language, what
 * happened to it and how far its implementation has come. Anything not adopted is not found.
 */
export const load: PageServerLoad = async ({ params }) => {
	const data = getData();
	const conference = await getConferenceOn(getData(), params.conferenceId);
	const recommendation = conference ? await getPublicRecommendation(data, conference.id, params.recommendationId) : undefined;
	// Asked as the public, whoever is signed in: this page shows only what anyone may see.
	if (
		!conference ||
		!recommendation ||
		!can(ANONYMOUS, 'recommendation.viewPublic', { conferenceId: conference.id, groupId: recommendation.groupId, status: recommendation.status })
	)
		error(404, { message: 'not_found' });
	return {
		conference: { id: conference.id, name: conference.name },
		recommendation,
		easy: await checkedEasyVersion(data, 'recommendation', recommendation.id, recommendationText(recommendation.texts))
	};
};
