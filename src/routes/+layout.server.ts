import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	person: locals.person ? { id: locals.person.id, displayName: locals.person.displayName } : null,
	locale: getLocale(),
	path: url.pathname + url.search
});
