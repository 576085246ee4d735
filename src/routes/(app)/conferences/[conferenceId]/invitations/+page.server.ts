import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { authorize } from '$lib/server/policies';
import { listInvitationRounds } from '$lib/server/queries/invitationRounds';

export const load: PageServerLoad = ({ locals, params }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	return { rounds: listInvitationRounds(getDb(), params.conferenceId) };
};
