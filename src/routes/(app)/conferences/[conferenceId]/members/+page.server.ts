import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { abilities, authorize } from '$lib/server/policies';
import { memberComposition, TERMS_ENDING_WITHIN_DAYS } from '$lib/server/queries/members';

export const load: PageServerLoad = ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'member.composition', subject);
	return {
		composition: memberComposition(getDb(), params.conferenceId),
		endingWithinDays: TERMS_ENDING_WITHIN_DAYS,
		can: abilities(locals.actor, subject, ['diversity.aggregates', 'member.configureSectors', 'person.list'] as const)
	};
};
