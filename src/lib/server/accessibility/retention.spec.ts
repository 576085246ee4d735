import { describe, expect, it } from 'vitest';
import { DEFAULT_FEEDBACK_RETENTION_DAYS, feedbackRetentionDays } from './retention';

describe('FEEDBACK_RETENTION_DAYS', () => {
	it('is a year unless the operator sets it', () => {
		expect(DEFAULT_FEEDBACK_RETENTION_DAYS).toBe(365);
		expect(feedbackRetentionDays({})).toBe(365);
		expect(feedbackRetentionDays({ FEEDBACK_RETENTION_DAYS: ' ' })).toBe(365);
		expect(feedbackRetentionDays({ FEEDBACK_RETENTION_DAYS: '90' })).toBe(90);
		expect(feedbackRetentionDays({ FEEDBACK_RETENTION_DAYS: '0' })).toBe(0);
	});

	it('refuses anything but whole days, so a typo neither keeps nor deletes by mistake', () => {
		for (const wrong of ['-1', '30d', '1.5', 'never', '1e3']) {
			expect(() => feedbackRetentionDays({ FEEDBACK_RETENTION_DAYS: wrong }), wrong).toThrow(/FEEDBACK_RETENTION_DAYS/);
		}
	});
});
