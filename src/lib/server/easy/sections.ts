import { m } from '$lib/paraglide/messages';
import type { Db } from '../db';
import type { Actor } from '../policies';
import type { Pictogram } from '../../easy/pictograms';
import { hasMyMoney } from '../queries/myClaims';

export interface EasySectionContext {
	db: Db;
	actor: Actor;
	personId: string;
}

export interface EasySection {
	id: string;
	href: string;
	label: () => string;
	pictogram: Pictogram;
	/** Whether this person gets the section; ask the policies here, never decide in the entry. */
	visible: (ctx: EasySectionContext) => boolean;
}

/**
 * The parts of the easy pages beyond "Heute", in the order the navigation and the start page
 * show them. A capability that brings something for self-advocates adds one entry here.
 */
export const EASY_SECTIONS: EasySection[] = [
	{ id: 'dates', href: '/einfach/termine', label: m.easy_nav_dates, pictogram: 'calendar', visible: () => true },
	// For whoever has a claim or is eligible for allowances; the query asks `claim.listOwn`.
	{ id: 'money', href: '/einfach/geld', label: m.easy_money_nav, pictogram: 'money', visible: ({ db, actor }) => hasMyMoney(db, actor) }
];

/** The sections a person gets, with their labels in the request's language (pages render no functions). */
export function easySectionsFor(ctx: EasySectionContext, sections: EasySection[] = EASY_SECTIONS) {
	return sections.filter((s) => s.visible(ctx)).map((s) => ({ id: s.id, href: s.href, label: s.label(), pictogram: s.pictogram }));
}
