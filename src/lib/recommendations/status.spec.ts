import { describe, expect, it } from 'vitest';
import { canStep, isEditable, isPublic, nextSteps, outcomeMatchesResolution, publicStage } from './status';

describe('recommendation status rules', () => {
	it('offer the steps of each stage in order', () => {
		expect(nextSteps('draft')).toEqual(['agree']);
		expect(nextSteps('agreed')).toEqual(['reopen', 'submit']);
		expect(nextSteps('submitted')).toEqual(['schedule', 'decide']);
		expect(nextSteps('adopted')).toEqual(['forward', 'report']);
		expect(nextSteps('forwarded')).toEqual(['forward', 'report']);
		expect(nextSteps('rejected')).toEqual([]);
		// A referral back goes to the group, which agrees on a new text.
		expect(nextSteps('referred_back')).toEqual(['agree']);
		expect(canStep('draft', 'submit')).toBe(false);
	});

	it('keep the text open only while the group writes, and show the public only what was adopted', () => {
		expect(['draft', 'referred_back'].every((s) => isEditable(s as never))).toBe(true);
		expect(isEditable('agreed')).toBe(false);
		expect(isPublic('adopted') && isPublic('forwarded')).toBe(true);
		expect(isPublic('rejected') || isPublic('submitted') || isPublic('referred_back')).toBe(false);
	});

	it('match a plenary decision to the resolution it is recorded from', () => {
		expect(outcomeMatchesResolution('adopted', 'consensus')).toBe(true);
		expect(outcomeMatchesResolution('adopted', 'no_quorum')).toBe(false);
		expect(outcomeMatchesResolution('rejected', 'no_consensus')).toBe(true);
		expect(outcomeMatchesResolution('rejected', 'adopted')).toBe(false);
		expect(outcomeMatchesResolution('referred_back', 'adopted')).toBe(true);
	});

	it('name the public stage after the latest report, else the status', () => {
		expect(publicStage('adopted', null)).toBe('adopted');
		expect(publicStage('forwarded', 'stalled')).toBe('stalled');
		expect(publicStage('draft', 'done')).toBeNull();
	});
});
