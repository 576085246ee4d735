import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isOneOf } from '$lib/domain/roles';
import { PUBLIC_STAGES } from '$lib/recommendations/status';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { listPublicRecommendations, publicRecommendationGroups } from '$lib/server/queries/recommendations';
import { getData } from '$lib/server/db/data';

/**
 * The public overview: what the plenary adopted and where each recommendation stands, for
 * anyone, without signing in. Filters are GET parameters, so it works without JavaScript.
 */
export const load: PageServerLoad = async ({ params, url }) => {
	const data = getData();
	const conference = await getConferenceOn(data, params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	const groups = await publicRecommendationGroups(data, conference.id);
	const groupParam = url.searchParams.get('gruppe');
	const stageParam = url.searchParams.get('stand');
	const filter = {
		groupId: groups.some((g) => g.id === groupParam) ? groupParam : null,
		stage: isOneOf(PUBLIC_STAGES, stageParam) ? stageParam : null
	};
	return {
		conference: { id: conference.id, name: conference.name },
		groups,
		filter,
		recommendations: (await listPublicRecommendations(data, conference.id, filter)).map(({ id, title, groupName, stage, adoptedAt }) => ({
			id,
			title,
			groupName,
			stage,
			adoptedAt
		}))
	};
};
