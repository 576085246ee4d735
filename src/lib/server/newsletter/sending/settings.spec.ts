import { describe, expect, it } from 'vitest';
import { SEND_DEFAULTS, sendSettings } from './settings';
import { withoutAddresses } from '../../queries/sendProgress';

describe('send settings', () => {
	it('reads both rates, 0 meaning unlimited, and keeps the defaults otherwise', () => {
		expect(sendSettings({})).toEqual(SEND_DEFAULTS);
		expect(sendSettings({ NEWSLETTER_RATE_PER_SECOND: '0', NEWSLETTER_RATE_PER_HOUR: ' 500 ' })).toMatchObject({ perSecond: 0, perHour: 500 });
	});

	it('refuses what is not a whole number ≥ 0, naming the variable', () => {
		expect(() => sendSettings({ NEWSLETTER_RATE_PER_SECOND: '2.5' })).toThrow('NEWSLETTER_RATE_PER_SECOND');
		expect(() => sendSettings({ NEWSLETTER_RATE_PER_HOUR: '-1' })).toThrow('NEWSLETTER_RATE_PER_HOUR');
		expect(() => sendSettings({ NEWSLETTER_RATE_PER_HOUR: 'viel' })).toThrow('NEWSLETTER_RATE_PER_HOUR');
	});
});

describe('a relay’s answer shown to editors', () => {
	it('keeps the reason and blanks every address', () => {
		expect(withoutAddresses('550 5.1.1 <anna.b@example.org>: Recipient address rejected')).toBe('550 5.1.1 <…>: Recipient address rejected');
		expect(withoutAddresses('452 4.2.2 mailbox full for x@y.de, try later')).toBe('452 4.2.2 mailbox full for …, try later');
	});
});
