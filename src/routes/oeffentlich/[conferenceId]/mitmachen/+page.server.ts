import type { PageServerLoad } from './$types';
import { joinPageLoad } from '$lib/server/http/joinPageLoad';

/** "Mitmachen" in standard German, generated from the conference's settings. */
export const load: PageServerLoad = ({ locals, params }) => joinPageLoad(locals.actor, params.conferenceId, 'standard');
