import type { PageServerLoad } from './$types';
import { joinPageLoad } from '$lib/server/http/joinPageLoad';

/** "Mitmachen" in Leichte Sprache, addressed like the easy newsletter sign-up (…/einfach). */
export const load: PageServerLoad = ({ locals, params }) => joinPageLoad(locals.actor, params.conferenceId, 'easy');
