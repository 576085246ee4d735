import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { signedIn } from '$lib/server/http/signedIn';
import { myClaims } from '$lib/server/queries/myClaims';

/** "Mein Geld": my meetings with the money for each, where each claim stands, and the year's total against the limits. */
export const load: PageServerLoad = ({ locals }) => {
	signedIn(locals);
	return myClaims(getDb(), locals.actor);
};
