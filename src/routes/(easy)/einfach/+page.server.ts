import type { PageServerLoad } from './$types';
import { sameDayInZone } from '$lib/easy/format';
import { getDb } from '$lib/server/db';
import { getData } from '$lib/server/db/data';
import { myDates } from '$lib/server/easy/dates';
import { easyPlenaryView } from '$lib/server/easy/plenary';
import { signedIn } from '$lib/server/http/signedIn';

/** "Heute": the person's dates today and, for a sitting under way, what it is discussing right now. */
export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const { person } = signedIn(locals);
	const now = new Date();
	const dates = await myDates(getData(), locals.actor, now);
	const today = dates
		.filter((date) => sameDayInZone(date.startsAt, now))
		.map((date) => {
			if (date.kind !== 'plenary') return { ...date, current: null };
			const current = easyPlenaryView(db, { id: date.id, startsAt: date.startsAt }, person.id).current;
			return { ...date, current };
		});
	// The big links to the other sections are the layout's `sections`, as in its navigation.
	return {
		name: person.displayName,
		now,
		today,
		next: today.length === 0 ? (dates.find((date) => date.startsAt > now) ?? null) : null
	};
};
