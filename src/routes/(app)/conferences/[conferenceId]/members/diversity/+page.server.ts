import type { PageServerLoad } from './$types';
import { SMALL_COUNT_THRESHOLD } from '$lib/domain/members';
import { authorize } from '$lib/server/policies';
import { DIVERSITY_QUESTIONS, diversityAggregates } from '$lib/server/queries/members';
import { getData } from '$lib/server/db/data';

/** Aggregates only: no name, no row per person reaches this page (see domain/diversity/suppress.ts). */
export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'diversity.aggregates', { conferenceId: params.conferenceId });
	return {
		aggregates: await diversityAggregates(getData(), params.conferenceId),
		questions: DIVERSITY_QUESTIONS.map((q) => ({ key: q.key, answers: [...q.answers] })),
		threshold: SMALL_COUNT_THRESHOLD
	};
};
