import type { PageServerLoad } from './$types';
import { conferencesVisibleTo } from '$lib/server/queries/conferences';
import { listMyRoles } from '$lib/server/queries/myRoles';
import { can } from '$lib/server/policies';
import { signedIn } from '$lib/server/http/signedIn';
import { todaysDates } from '$lib/server/queries/todaysDates';
import { conferenceLogoUrl } from '$lib/server/queries/conferenceLogo';
import { ownInvitations } from '$lib/server/queries/invitationAnswers';
import { getData } from '$lib/server/db/data';

/** The personal start page: who you are, where you take part, and what you can do there. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.actor;
	const { person, session } = signedIn(locals);
	const arrivedFor = url.searchParams.get('conference');
	const visible = await conferencesVisibleTo(getData(), actor);
	const data = getData();
	const conferences = await Promise.all(
		visible.map(async (conference) => ({
			id: conference.id,
			name: conference.name,
			region: conference.region,
			arrivedFor: conference.id === arrivedFor,
			logoUrl: await conferenceLogoUrl(data, conference.id),
			...(await listMyRoles(data, conference.id, person.id)),
			canManagePeople: can(actor, 'person.list', { conferenceId: conference.id })
		}))
	);
	conferences.sort((a, b) => Number(b.arrivedFor) - Number(a.arrivedFor));
	return {
		me: { displayName: person.displayName, organisation: person.organisation, viaLink: session.accessLinkId !== null },
		conferences,
		today: await todaysDates(data, actor, new Map(visible.map((c) => [c.id, c.name]))),
		invitations: await ownInvitations(data, actor),
		canCreateConference: can(actor, 'conference.create', null)
	};
};
