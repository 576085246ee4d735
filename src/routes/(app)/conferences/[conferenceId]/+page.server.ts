import type { PageServerLoad } from './$types';
import type { MemberStatus } from '$lib/domain/roles';
import { authorize, can } from '$lib/server/policies';
import { listMyRoles } from '$lib/server/queries/myRoles';
import { groupsVisibleTo } from '$lib/server/queries/groups';
import { steeringGroupFor } from '$lib/server/queries/steeringGroup';
import { listConferencePeople, type PersonListEntry } from '$lib/server/queries/people';
import { signedIn } from '$lib/server/http/signedIn';
import { getData } from '$lib/server/db/data';

/** How many people the conference has, and with which standing. */
function figuresOf(people: PersonListEntry[]) {
	const count = (status: MemberStatus) => people.filter((p) => p.roles.some((r) => r.memberStatus === status)).length;
	return { people: people.length, voting: count('voting'), advisory: count('advisory'), deputies: count('deputy') };
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'conference.view', subject);
	const data = getData();
	return {
		mine: await listMyRoles(data, params.conferenceId, signedIn(locals).person.id),
		steering: await steeringGroupFor(data, locals.actor, params.conferenceId),
		groups: (await groupsVisibleTo(data, locals.actor, params.conferenceId)).filter((g) => g.kind !== 'steering'),
		// The figures count everyone of the conference: for those who may list them.
		figures: can(locals.actor, 'person.list', subject) ? figuresOf(await listConferencePeople(data, params.conferenceId)) : null
	};
};
