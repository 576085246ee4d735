import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { listMyRoles } from '$lib/server/queries/myRoles';
import { groupsVisibleTo } from '$lib/server/queries/groups';
import { listConferencePeople } from '$lib/server/queries/people';
import { signedIn } from '$lib/server/http/signedIn';

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { conferenceAbilities } = await parent();
	const db = getDb();
	const people = conferenceAbilities['person.list'] ? listConferencePeople(db, params.conferenceId) : [];
	const count = (predicate: (roles: (typeof people)[number]['roles']) => boolean) => people.filter((p) => predicate(p.roles)).length;
	return {
		mine: listMyRoles(db, params.conferenceId, signedIn(locals).person.id),
		groups: groupsVisibleTo(db, locals.actor, params.conferenceId),
		figures: conferenceAbilities['person.list']
			? {
					people: people.length,
					voting: count((r) => r.some((x) => x.memberStatus === 'voting')),
					advisory: count((r) => r.some((x) => x.memberStatus === 'advisory')),
					deputies: count((r) => r.some((x) => x.memberStatus === 'deputy'))
				}
			: null
	};
};
