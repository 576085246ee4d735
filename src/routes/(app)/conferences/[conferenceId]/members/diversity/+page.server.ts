import type { PageServerLoad } from './$types';
import { SMALL_COUNT_THRESHOLD } from '$lib/domain/members';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { DIVERSITY_QUESTIONS, diversityAggregates } from '$lib/server/queries/members';

/** Aggregates only: no name, no row per person reaches this page (see domain/diversity/suppress.ts). */
export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'diversity.aggregates', { conferenceId: params.conferenceId });
	return {
		aggregates: diversityAggregates(getDb(), params.conferenceId),
		questions: DIVERSITY_QUESTIONS.map((q) => ({ key: q.key, answers: [...q.answers] })),
		threshold: SMALL_COUNT_THRESHOLD
	};
};
