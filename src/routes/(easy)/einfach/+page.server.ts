import type { PageServerLoad } from './$types';
import { sameDayInZone } from '$lib/easy/format';
import { getData } from '$lib/server/db/data';
import { myDates } from '$lib/server/easy/dates';
import { easyPlenaryView } from '$lib/server/easy/plenary';
import { signedIn } from '$lib/server/http/signedIn';

/** "Heute": the person's dates today and, for a sitting under way, what it is discussing right now. */
export const load: PageServerLoad = async ({ locals }) => {
	const { person } = signedIn(locals);
	const now = new Date();
	const dates = await myDates(getData(), locals.actor, now);
	const today = [];
	for (const date of dates.filter((date) => sameDayInZone(date.startsAt, now))) {
		if (date.kind !== 'plenary') today.push({ ...date, current: null });
		else today.push({ ...date, current: (await easyPlenaryView(getData(), { id: date.id, startsAt: date.startsAt }, person.id)).current });
	}
	// The big links to the other sections are the layout's `sections`, as in its navigation.
	return {
		name: person.displayName,
		now,
		today,
		next: today.length === 0 ? (dates.find((date) => date.startsAt > now) ?? null) : null
	};
};
