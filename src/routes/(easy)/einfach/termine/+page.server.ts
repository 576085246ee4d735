import type { PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { myDates, myRecentSummaries } from '$lib/server/easy/dates';
import { signedIn } from '$lib/server/http/signedIn';
import { ownInvitations } from '$lib/server/queries/invitationAnswers';

/** "Meine Termine": my invitations to answer, the plenary sessions and group meetings ahead, today's included, and what my groups discussed lately. */
export const load: PageServerLoad = async ({ locals }) => {
	signedIn(locals);
	return {
		invitations: await ownInvitations(getData(), locals.actor),
		dates: await myDates(getData(), locals.actor),
		summaries: await myRecentSummaries(getData(), locals.actor)
	};
};
