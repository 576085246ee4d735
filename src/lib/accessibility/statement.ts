import { m } from '$lib/paraglide/messages';

/**
 * The facts of the accessibility statement (BITV 2.0 § 7, model of Implementing Decision
 * (EU) 2018/1523) that change over time, in one place. When a gap is closed or found, or the
 * statement is reviewed, edit this file (and the texts in messages/*.json): the page at
 * /barrierefreiheit is built from it.
 */

/** Calendar days (Berlin); the statement must be reviewed at least once a year. */
export const STATEMENT_PREPARED_ON = '2026-11-30';
export const STATEMENT_REVIEWED_ON = '2026-11-30';

export const COMPLIANCE_STATUS = 'partial' as const;

export interface KnownGap {
	id: string;
	title: () => string;
	/** Why it is not accessible (the model asks for the reason: disproportionate burden, out of scope, not yet done). */
	reason: () => string;
	/** The accessible alternative, where there is one. */
	alternative: () => string;
}

/** "Was noch nicht barrierefrei ist": honest and concrete, each with what to do instead. */
export const KNOWN_GAPS: readonly KnownGap[] = [
	{
		id: 'live-editor',
		title: m.a11y_gap_live_editor_title,
		reason: m.a11y_gap_live_editor_reason,
		alternative: m.a11y_gap_live_editor_alternative
	},
	{
		id: 'projector',
		title: m.a11y_gap_projector_title,
		reason: m.a11y_gap_projector_reason,
		alternative: m.a11y_gap_projector_alternative
	},
	{
		id: 'sign-language',
		title: m.a11y_gap_sign_language_title,
		reason: m.a11y_gap_sign_language_reason,
		alternative: m.a11y_gap_sign_language_alternative
	},
	{
		id: 'easy-language',
		title: m.a11y_gap_easy_language_title,
		reason: m.a11y_gap_easy_language_reason,
		alternative: m.a11y_gap_easy_language_alternative
	},
	{
		id: 'exports',
		title: m.a11y_gap_exports_title,
		reason: m.a11y_gap_exports_reason,
		alternative: m.a11y_gap_exports_alternative
	}
];

/** The federal conciliation body (§ 16 BGG); states may have their own (see the page's text). */
export const CONCILIATION_BODY = {
	street: 'Mauerstraße 53',
	city: '10117 Berlin',
	web: 'https://www.schlichtungsstelle-bgg.de',
	webLabel: 'www.schlichtungsstelle-bgg.de',
	email: 'info@schlichtungsstelle-bgg.de'
} as const;
