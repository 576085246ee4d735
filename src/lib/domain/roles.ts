/**
 * The roles of the institution, in one place. Pure data: shared by the database schema,
 * the policies, forms and the UI (labels come from messages/, keyed by these values).
 */
/** `easy_checker`: a reader of the Prüfgruppe, who checks easy-language texts (self-advocates, usually). */
export const CONFERENCE_ROLES = ['office', 'moderator', 'member', 'newsletter_editor', 'easy_checker', 'guest'] as const;
export type ConferenceRole = (typeof CONFERENCE_ROLES)[number];

/** Only the `member` role carries a status: stimmberechtigt, beratend, or Stellvertretung. */
export const MEMBER_STATUSES = ['voting', 'advisory', 'deputy'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const GROUP_ROLES = ['coordinator', 'moderator', 'minute_taker', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Easy-language compound separator: hyphen (Netzwerk Leichte Sprache) or Mediopunkt. */
export const EASY_SEPARATORS = ['hyphen', 'mediopunkt'] as const;
export type EasySeparator = (typeof EASY_SEPARATORS)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
	return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** What a group is: a working group, the steering group (Lenkungsgruppe), or another standing round. */
export const GROUP_KINDS = ['working', 'steering', 'other'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
