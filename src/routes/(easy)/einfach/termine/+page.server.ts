import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { myDates, myRecentSummaries } from '$lib/server/easy/dates';

/** "Meine Termine": the plenary sessions and group meetings ahead, today's included, and what my groups discussed lately. */
export const load: PageServerLoad = ({ locals }) => ({ dates: myDates(getDb(), locals.actor), summaries: myRecentSummaries(getDb(), locals.actor) });
