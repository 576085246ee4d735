import { describe, expect, it } from 'vitest';
import { mergeResolutions, resolutionOf, type PublicPoll } from './poll';

const closed = (id: string, number: number): PublicPoll => ({
	id,
	itemTitle: `TOP ${number}`,
	motion: `Antrag ${number}`,
	kind: 'vote',
	secrecy: 'secret',
	status: 'closed',
	cast: 3,
	seatsPresent: 3,
	result: { number, outcome: 'adopted', tally: { yes: 2, no: 1 }, majority: 'simple', quorumPercent: 0, seatsTotal: 5, statements: [], named: [] }
});

describe('resolutions on an open page', () => {
	it('an open or cancelled poll is no resolution', () => {
		expect(resolutionOf({ ...closed('p1', 1), status: 'open', result: null })).toBeNull();
		expect(resolutionOf(null)).toBeNull();
	});

	it('keeps what the page saw being decided next to what it was loaded with, in order, each once', () => {
		const loaded = [resolutionOf(closed('p1', 1))!];
		const seen = [resolutionOf(closed('p3', 3))!, resolutionOf(closed('p2', 2))!, resolutionOf(closed('p1', 1))!];
		expect(mergeResolutions(loaded, seen).map((entry) => entry.result.number)).toEqual([1, 2, 3]);
		expect(mergeResolutions(loaded, [])).toBe(loaded);
	});
});
