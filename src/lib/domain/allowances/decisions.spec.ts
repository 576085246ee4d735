import { describe, expect, it } from 'vitest';
import { CLAIM_REASON_MAX, checkDecisions, cleanReason } from './decisions';

describe('checking the office’s decisions on a claim’s lines', () => {
	const open = ['a', 'b'];

	it('takes one decision per open line, in the lines’ order, dropping a reason on an approved line', () => {
		expect(
			checkDecisions(open, [
				{ lineId: 'b', approve: false, reason: '  Kein Beleg.  ' },
				{ lineId: 'a', approve: true, reason: 'egal' }
			])
		).toEqual({
			ok: true,
			decisions: [
				{ lineId: 'a', approve: true, reason: null },
				{ lineId: 'b', approve: false, reason: 'Kein Beleg.' }
			]
		});
	});

	it('wants every open line decided', () => {
		expect(checkDecisions(open, [{ lineId: 'a', approve: true }])).toEqual({ ok: false, problem: 'decision_missing', lineId: 'b' });
	});

	it('refuses a line that is not open, and a line decided twice', () => {
		expect(checkDecisions(open, [{ lineId: 'x', approve: true }])).toMatchObject({ ok: false, problem: 'line_unknown', lineId: 'x' });
		expect(
			checkDecisions(open, [
				{ lineId: 'a', approve: true },
				{ lineId: 'a', approve: false, reason: 'r' }
			])
		).toMatchObject({ ok: false, problem: 'line_unknown', lineId: 'a' });
	});

	it('wants a rejection explained, within the length a form takes', () => {
		const approveA = { lineId: 'a', approve: true };
		expect(checkDecisions(open, [approveA, { lineId: 'b', approve: false }])).toMatchObject({ problem: 'reason_required', lineId: 'b' });
		expect(checkDecisions(open, [approveA, { lineId: 'b', approve: false, reason: ' \n ' }])).toMatchObject({ problem: 'reason_required' });
		expect(checkDecisions(open, [approveA, { lineId: 'b', approve: false, reason: 'x'.repeat(CLAIM_REASON_MAX + 1) }])).toMatchObject({
			problem: 'reason_too_long'
		});
		expect(checkDecisions(open, [approveA, { lineId: 'b', approve: false, reason: 'x'.repeat(CLAIM_REASON_MAX) }]).ok).toBe(true);
	});

	it('a claim without open lines needs no decision', () => {
		expect(checkDecisions([], [])).toEqual({ ok: true, decisions: [] });
	});

	it('a reason of blanks is none', () => {
		expect(cleanReason('  ')).toBeNull();
		expect(cleanReason(undefined)).toBeNull();
		expect(cleanReason(' Grund ')).toBe('Grund');
	});
});
