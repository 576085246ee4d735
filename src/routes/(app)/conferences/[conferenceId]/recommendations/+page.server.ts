import type { PageServerLoad } from './$types';
import { isOneOf } from '$lib/domain/roles';
import { RECOMMENDATION_STATUSES } from '$lib/recommendations/status';
import { authorize } from '$lib/server/policies';
import { listConferenceRecommendations, recommendationGroupsVisibleTo } from '$lib/server/queries/recommendations';
import { getData } from '$lib/server/db/data';

/** Every recommendation of the conference the person may see, filtered by group and status (GET, works without JavaScript). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'conference.view', { conferenceId: params.conferenceId });
	const data = getData();
	const groups = await recommendationGroupsVisibleTo(data, locals.actor, params.conferenceId);
	const groupParam = url.searchParams.get('group');
	const statusParam = url.searchParams.get('status');
	const filter = {
		groupId: groups.some((g) => g.id === groupParam) ? groupParam : null,
		status: isOneOf(RECOMMENDATION_STATUSES, statusParam) ? statusParam : null
	};
	return { groups, filter, recommendations: await listConferenceRecommendations(data, locals.actor, params.conferenceId, filter) };
};
