/**
 * Who takes part, as data: the support someone may need at a date, the answers to an invitation,
 * and the voluntary self-description of the diversity view. Pure values shared by the schema, the
 * policies, forms and the UI (labels come from messages/, keyed by these values).
 */

/** What an invited person may need to take part on one date (Indico's and Decidim's checklists, the seed papers). */
export const SUPPORT_NEEDS = [
	'sign_language',
	'written_interpretation',
	'wheelchair',
	'companion',
	'easy_language_documents',
	'induction_loop',
	'dietary',
	'other'
] as const;
export type SupportNeed = (typeof SUPPORT_NEEDS)[number];
/** Needs that take a word of detail (what to eat, what else). */
export const NEEDS_WITH_DETAIL: readonly SupportNeed[] = ['dietary', 'other'];

/** An invited person's answer; no row value (null) means not answered yet. */
export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** Where a "yes" stands when the room has a capacity: a seat, or the waiting list. */
export const RSVP_PLACES = ['seat', 'waiting'] as const;
export type RsvpPlace = (typeof RSVP_PLACES)[number];

/** What an invitation is for: a plenary sitting, or a meeting of a group (the steering group's too). */
export const INVITATION_TARGETS = ['plenary', 'meeting'] as const;
export type InvitationTarget = (typeof INVITATION_TARGETS)[number];

/** How the letters go out: by mail, on paper, or both. */
export const INVITATION_CHANNELS = ['mail', 'print', 'both'] as const;
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];

// The voluntary self-description. Every question may be answered "prefer not to say" (`no_answer`).
export const AGE_BANDS = ['under_30', '30_to_49', '50_to_64', '65_plus', 'no_answer'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const GENDERS = ['woman', 'man', 'diverse', 'no_answer'] as const;
export type Gender = (typeof GENDERS)[number];
/** Lived experience the conference wants represented (domain.md, "The institution"). */
export const LIVED_EXPERIENCES = ['disability', 'chronic_illness', 'psychiatric', 'migration', 'caring_relative'] as const;
export type LivedExperience = (typeof LIVED_EXPERIENCES)[number];
export const EXPERIENCE_ANSWERS = ['yes', 'no', 'no_answer'] as const;
export type ExperienceAnswer = (typeof EXPERIENCE_ANSWERS)[number];

/** Counts below this are never shown in the diversity view (nor any that would reveal one by subtraction). */
export const SMALL_COUNT_THRESHOLD = 5;

/** The sectors a new conference starts with (the office renames, adds and removes them). */
export const DEFAULT_SECTORS = [
	'Krankenkassen',
	'Ärzteschaft',
	'Krankenhäuser',
	'Pflege',
	'Wohlfahrtsverbände',
	'Selbsthilfe und Selbstvertretung',
	'Verwaltung',
	'Politik'
] as const;
