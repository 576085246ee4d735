import { AGE_BANDS, EXPERIENCE_ANSWERS, GENDERS } from '$lib/domain/members';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { checkbox, choice, fromPage, optionalId, optionalText, requiredDay, requiredId, requiredText, wholeNumber, type Field } from './fields';

const limits = FIELD_LIMITS.sector;
export const SECTOR_SEATS_MAX = 1000;

/** Target seats where empty means "no target" (a group need not want every sector). */
export function optionalSeats(): Field<number | null> {
	const inner = wholeNumber({ min: 0, max: SECTOR_SEATS_MAX });
	return { maxLength: inner.maxLength, parse: (raw) => (typeof raw === 'string' && raw.trim() === '' ? { ok: true, value: null } : inner.parse(raw)) };
}

/** `<input type="date">` that may stay empty: the start of that day in Berlin. */
export function optionalDay(): Field<Date | null> {
	const inner = requiredDay();
	return { parse: (raw) => (typeof raw === 'string' && raw.trim() !== '' ? inner.parse(raw) : { ok: true, value: null }) };
}

/**
 * The whole list of sectors in one form: a row per sector (`name_<id>`, `target_<id>`,
 * `remove_<id>`), an empty row to add one (`name_new`, `target_new`), and the arrow buttons that
 * save and move a row (`move` = `up:<id>` or `down:<id>`), so reordering needs no script.
 */
export function sectorsForm(ids: readonly string[]) {
	const spec: Record<string, Field<unknown>> = {
		name_new: optionalText({ max: limits.name }),
		target_new: optionalSeats(),
		move: fromPage(optionalText({ max: 80 }))
	};
	for (const id of ids) {
		spec[`name_${id}`] = requiredText({ max: limits.name });
		spec[`target_${id}`] = wholeNumber({ min: 0, max: SECTOR_SEATS_MAX });
		spec[`remove_${id}`] = checkbox();
	}
	return spec;
}

/** A group's targets: one optional number per sector (`target_<sectorId>`). */
export function groupTargetsForm(sectorIds: readonly string[]) {
	return {
		groupId: fromPage(requiredId()),
		...Object.fromEntries(sectorIds.map((id) => [`target_${id}`, optionalSeats()]))
	} as Record<string, Field<unknown>>;
}

export const seatForm = {
	sectorId: optionalId(),
	appointedFrom: optionalDay(),
	appointedUntil: optionalDay()
};

/** The self-description; every question has "Möchte ich nicht sagen" (`no_answer`), the default. */
export const diversityForm = {
	consent: checkbox(),
	ageBand: choice(AGE_BANDS),
	gender: choice(GENDERS),
	disability: choice(EXPERIENCE_ANSWERS),
	chronicIllness: choice(EXPERIENCE_ANSWERS),
	psychiatric: choice(EXPERIENCE_ANSWERS),
	migration: choice(EXPERIENCE_ANSWERS),
	caringRelative: choice(EXPERIENCE_ANSWERS)
};

/** The account page has a form per conference: which one travels with it. */
export const ownDiversityForm = { ...diversityForm, conferenceId: fromPage(requiredId()) };
export const eraseOwnDiversityForm = { conferenceId: fromPage(requiredId()) };
