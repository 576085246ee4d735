import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { easyDate, easyTime } from '$lib/easy/format';
import { easyEuro } from '$lib/easy/money';
import { formatCents } from '$lib/domain/allowances/money';
import type { AllowanceRules } from '$lib/domain/allowances/types';
import { formatDateTime } from '$lib/i18n/labels';
import type { ParticipationSettings } from '../db/schema';

/** Everything the public "Mitmachen" page is generated from; read by `joinFacts` (queries/participation.ts). */
export interface JoinFacts {
	conferenceName: string;
	participation: ParticipationSettings | null;
	rules: AllowanceRules;
	contact: { email: string | null; phone: string | null };
	nextPlenary: { startsAt: Date } | null;
}

/**
 * One section of the page. `lines` are our words (and, where the office wrote them, theirs);
 * `officeText` marks a section whose lines are the office's own; `items` are names, listed,
 * not sentences.
 */
export interface JoinSection {
	id: string;
	title: string;
	lines: string[];
	officeText?: boolean;
	items?: string[];
	contact?: { email: string | null; phone: string | null };
}

export interface JoinPage {
	title: string;
	intro: string[];
	sections: JoinSection[];
}

type Edition = 'standard' | 'easy';
const split = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

/**
 * The page "Mitmachen" in standard German or Leichte Sprache, generated from the conference's
 * settings, the allowance rules of the year and its calendar. The easy edition uses only
 * sentences that pass the checker (see joinPage.spec.ts) and the office's easy texts.
 */
export function joinPage(facts: JoinFacts, edition: Edition, locale: Locale = 'de'): JoinPage {
	const o = { locale } as const;
	const easy = edition === 'easy';
	const p = facts.participation;
	const officeText = (standard: string | undefined, easyText: string | null | undefined) => {
		const text = easy ? easyText : standard;
		return text?.trim() ? { lines: split(text), officeText: true } : { lines: split(easy ? m.steering_join_easy_unset({}, o) : m.steering_join_unset({}, o)) };
	};
	const sections: JoinSection[] = [
		{ id: 'wer', title: easy ? m.steering_join_easy_who_title({}, o) : m.steering_join_who_title({}, o), ...officeText(p?.whoCanJoin, p?.whoCanJoinEasy) },
		{ id: 'wie', title: easy ? m.steering_join_easy_how_title({}, o) : m.steering_join_how_title({}, o), ...officeText(p?.howToJoin, p?.howToJoinEasy) },
		costs(p, easy, locale),
		refunds(facts.rules, easy, locale),
		{
			id: 'unterstuetzung',
			title: easy ? m.steering_join_easy_support_title({}, o) : m.steering_join_support_title({}, o),
			lines: split(easy ? m.steering_join_easy_support({}, o) : m.steering_join_support({}, o))
		},
		contact(facts.contact, easy, locale),
		nextSitting(facts.nextPlenary, easy, locale)
	];
	return {
		title: easy ? m.steering_join_easy_title({}, o) : m.steering_join_title({}, o),
		intro: split(easy ? m.steering_join_easy_intro({}, o) : m.steering_join_intro({ conference: facts.conferenceName }, o)),
		sections
	};
}

function costs(p: ParticipationSettings | null, easy: boolean, locale: Locale): JoinSection {
	const o = { locale };
	const title = easy ? m.steering_join_easy_costs_title({}, o) : m.steering_join_costs_title({}, o);
	const text = p?.costs?.trim();
	// The office writes costs in standard German only: the easy page says that there are some and whom to ask.
	if (!text) return { id: 'kosten', title, lines: [easy ? m.steering_join_easy_costs_free({}, o) : m.steering_join_costs_free({}, o)] };
	return easy ? { id: 'kosten', title, lines: split(m.steering_join_easy_costs_some({}, o)) } : { id: 'kosten', title, lines: split(text), officeText: true };
}

function refunds(rules: AllowanceRules, easy: boolean, locale: Locale): JoinSection {
	const o = { locale };
	const euro = (cents: number) => (easy ? easyEuro(cents, locale) : formatCents(cents, locale));
	const rates = [
		[rules.flatPlenaryCents, m.steering_join_refund_rate_plenary, m.steering_join_easy_refund_plenary],
		[rules.flatWorkingGroupCents, m.steering_join_refund_rate_working, m.steering_join_easy_refund_working],
		[rules.flatSteeringGroupCents, m.steering_join_refund_rate_steering, m.steering_join_easy_refund_steering]
	] as const;
	const paid = rates.filter(([cents]) => cents > 0);
	const lines: string[] = [];
	if (paid.length > 0) {
		if (easy) lines.push(...split(m.steering_join_easy_refund_flat({}, o)), ...paid.map(([cents, , say]) => say({ amount: euro(cents) }, o)));
		else lines.push(m.steering_join_refund_flat({ rates: paid.map(([cents, say]) => say({ amount: euro(cents) }, o)).join(', ') }, o));
	}
	if (rules.kmRateCents > 0) {
		lines.push(
			...split(
				easy
					? m.steering_join_easy_refund_travel({ car: euro(rules.kmRateCents) }, o)
					: m.steering_join_refund_travel({ car: euro(rules.kmRateCents), bicycle: euro(rules.kmRateBicycleCents), cap: euro(rules.tripCapCents) }, o)
			)
		);
	}
	// Companions' costs are a line of every claim (domain.md), whatever the rates.
	lines.push(...split(easy ? m.steering_join_easy_refund_companion({}, o) : m.steering_join_refund_companion({}, o)));
	if (paid.length === 0 && rules.kmRateCents === 0) lines.unshift(easy ? m.steering_join_easy_refund_none({}, o) : m.steering_join_refund_none({}, o));
	return { id: 'erstattung', title: easy ? m.steering_join_easy_refund_title({}, o) : m.steering_join_refund_title({}, o), lines };
}

function contact(c: JoinFacts['contact'], easy: boolean, locale: Locale): JoinSection {
	const o = { locale };
	const title = easy ? m.steering_join_easy_contact_title({}, o) : m.steering_join_contact_title({}, o);
	if (!c.email && !c.phone) return { id: 'kontakt', title, lines: [easy ? m.steering_join_easy_contact_none({}, o) : m.steering_join_contact_none({}, o)] };
	const lines = [
		...(c.email ? [easy ? m.steering_join_easy_contact_email({ email: c.email }, o) : m.steering_join_contact_email({ email: c.email }, o)] : []),
		...(c.phone ? [easy ? m.steering_join_easy_contact_phone({ phone: c.phone }, o) : m.steering_join_contact_phone({ phone: c.phone }, o)] : [])
	];
	return { id: 'kontakt', title, lines, contact: c };
}

function nextSitting(next: JoinFacts['nextPlenary'], easy: boolean, locale: Locale): JoinSection {
	const o = { locale };
	const title = easy ? m.steering_join_easy_next_title({}, o) : m.steering_join_next_title({}, o);
	if (!next) return { id: 'termin', title, lines: [easy ? m.steering_join_easy_next_none({}, o) : m.steering_join_next_none({}, o)] };
	if (!easy)
		return {
			id: 'termin',
			title,
			lines: [m.steering_join_next({ date: formatDateTime(next.startsAt, locale) }, o)]
		};
	return {
		id: 'termin',
		title,
		lines: split(m.steering_join_easy_next({ date: easyDate(next.startsAt, locale), time: easyTime(next.startsAt, locale) }, o))
	};
}
