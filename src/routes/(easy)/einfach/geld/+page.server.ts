import type { PageServerLoad } from './$types';
import { signedIn } from '$lib/server/http/signedIn';
import { myClaims } from '$lib/server/queries/myClaims';
import { getData } from '$lib/server/db/data';

/** "Mein Geld": my meetings with the money for each, where each claim stands, and the year's total against the limits. */
export const load: PageServerLoad = async ({ locals }) => {
	signedIn(locals);
	return await myClaims(getData(), locals.actor);
};
