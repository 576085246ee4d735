import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { myDates } from '$lib/server/easy/dates';

/** "Meine Termine": the plenary sessions and group meetings ahead, today's included. */
export const load: PageServerLoad = ({ locals }) => ({ dates: myDates(getDb(), locals.actor) });
