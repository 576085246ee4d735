import { describe, expect, it } from 'vitest';
import { interpretersToBook, logisticsTotals, PLENARY_PLANNED_MINUTES } from './logistics';

describe('interpreters to book', () => {
	it('books none without a request, one up to an hour, two above it (a plenary sitting counts as three hours)', () => {
		expect(interpretersToBook(0, 180)).toBe(0);
		expect(interpretersToBook(1, 60)).toBe(1);
		expect(interpretersToBook(3, 61)).toBe(2);
		expect(interpretersToBook(1, PLENARY_PLANNED_MINUTES)).toBe(2);
	});
});

describe('the totals of a date', () => {
	it('counts answers, seats and the waiting list, and needs only of those with a seat', () => {
		const totals = logisticsTotals(
			[
				{ answer: 'yes', place: 'seat', needs: ['companion', 'easy_language_documents'] },
				{ answer: 'yes', place: 'seat', needs: ['sign_language'] },
				{ answer: 'yes', place: 'waiting', needs: ['wheelchair', 'companion'] },
				{ answer: 'maybe', place: null, needs: ['dietary'] },
				{ answer: 'no', place: null, needs: [] },
				{ answer: null, place: null, needs: [] }
			],
			45
		);
		expect(totals).toMatchObject({ yes: 3, no: 1, maybe: 1, open: 1, seats: 2, waiting: 1, companions: 1, expectedAttendance: 3 });
		expect(totals.needs).toMatchObject({ sign_language: 1, wheelchair: 0, dietary: 0, easy_language_documents: 1 });
		expect(totals.signLanguageInterpreters).toBe(1);
		expect(totals.writtenInterpreters).toBe(0);
	});
});
