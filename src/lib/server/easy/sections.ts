import { m } from '$lib/paraglide/messages';
import type { Data } from '../db/client';
import type { Actor } from '../policies';
import type { Pictogram } from '../../easy/pictograms';
import { hasMyMoney } from '../queries/myClaims';

export interface EasySectionContext {
	data: Data;
	actor: Actor;
	personId: string;
}

export interface EasySection {
	id: string;
	href: string;
	label: () => string;
	pictogram: Pictogram;
	/** Whether this person gets the section; ask the policies here, never decide in the entry. */
	visible: (ctx: EasySectionContext) => boolean | Promise<boolean>;
}

/**
 * The parts of the easy pages beyond "Heute", in the order the navigation and the start page
 * show them. A capability that brings something for self-advocates adds one entry here.
 */
export const EASY_SECTIONS: EasySection[] = [
	{ id: 'dates', href: '/einfach/termine', label: m.easy_nav_dates, pictogram: 'calendar', visible: () => true },
	// For whoever has a claim or is eligible for allowances; the query asks `claim.listOwn`.
	{ id: 'money', href: '/einfach/geld', label: m.easy_money_nav, pictogram: 'money', visible: ({ data, actor }) => hasMyMoney(data, actor) }
];

/** The sections a person gets, with their labels in the request's language (pages render no functions). */
export async function easySectionsFor(ctx: EasySectionContext, sections: EasySection[] = EASY_SECTIONS) {
	const visible = await Promise.all(sections.map(async (s) => await s.visible(ctx)));
	return sections.filter((_, i) => visible[i]).map((s) => ({ id: s.id, href: s.href, label: s.label(), pictogram: s.pictogram }));
}
