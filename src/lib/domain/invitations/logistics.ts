import { SUPPORT_NEEDS, type SupportNeed } from '../members';

/** Plenary sittings carry no duration; the office plans them as half a day. */
export const PLENARY_PLANNED_MINUTES = 180;

/** Above this, interpreters work in pairs and take turns (sign language and written interpretation alike). */
export const INTERPRETER_PAIR_ABOVE_MINUTES = 60;

/** Interpreters to book for one date: none when nobody asked, two above an hour, else one. */
export function interpretersToBook(askedBy: number, durationMinutes: number): number {
	if (askedBy === 0) return 0;
	return durationMinutes > INTERPRETER_PAIR_ABOVE_MINUTES ? 2 : 1;
}

/** What the office books and prepares for one date, counted over those who will come. */
export interface LogisticsTotals {
	yes: number;
	no: number;
	maybe: number;
	open: number;
	seats: number;
	waiting: number;
	companions: number;
	/** Seated "yes" plus their companions: the chairs in the room. */
	expectedAttendance: number;
	needs: Record<SupportNeed, number>;
	signLanguageInterpreters: number;
	writtenInterpreters: number;
}

/**
 * Counts the answers of one date. Needs count for those who will be in the room (a seat: without
 * a room limit every "yes" has one); people waiting or unsure are shown per person instead, so
 * the office does not book an interpreter for someone who may not get a seat.
 */
export function logisticsTotals(
	rows: readonly { answer: string | null; place: string | null; needs: readonly SupportNeed[] }[],
	durationMinutes: number
): LogisticsTotals {
	const needs = Object.fromEntries(SUPPORT_NEEDS.map((n) => [n, 0])) as Record<SupportNeed, number>;
	const totals = { yes: 0, no: 0, maybe: 0, open: 0, seats: 0, waiting: 0 };
	for (const row of rows) {
		if (row.answer === 'yes') totals.yes++;
		else if (row.answer === 'no') totals.no++;
		else if (row.answer === 'maybe') totals.maybe++;
		else totals.open++;
		if (row.place === 'waiting') totals.waiting++;
		if (row.place !== 'seat') continue;
		totals.seats++;
		for (const need of row.needs) needs[need]++;
	}
	return {
		...totals,
		companions: needs.companion,
		expectedAttendance: totals.seats + needs.companion,
		needs,
		signLanguageInterpreters: interpretersToBook(needs.sign_language, durationMinutes),
		writtenInterpreters: interpretersToBook(needs.written_interpretation, durationMinutes)
	};
}
