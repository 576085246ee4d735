import type { PageServerLoad } from './$types';
import { abilities, authorize } from '$lib/server/policies';
import { memberComposition, TERMS_ENDING_WITHIN_DAYS } from '$lib/server/queries/members';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'member.composition', subject);
	return {
		composition: await memberComposition(getData(), params.conferenceId),
		endingWithinDays: TERMS_ENDING_WITHIN_DAYS,
		can: abilities(locals.actor, subject, ['diversity.aggregates', 'member.configureSectors', 'person.list'] as const)
	};
};
