import type { PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { listInvitationRounds } from '$lib/server/queries/invitationRounds';

export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	return { rounds: await listInvitationRounds(getData(), params.conferenceId) };
};
