import { describe, expect, it } from 'vitest';
import { easyEuro, easyKm } from './money';

describe('money in easy words', () => {
	it('writes whole euros without cents and the word Euro in German', () => {
		expect(easyEuro(82_000, 'de')).toBe('820 Euro');
		expect(easyEuro(1250, 'de')).toBe('12,50 Euro');
		expect(easyEuro(5, 'de')).toBe('0,05 Euro');
		expect(easyEuro(-305, 'de')).toBe('-3,05 Euro');
		expect(easyEuro(300_000, 'de')).toBe('3000 Euro');
	});
	it('keeps the sign in front in English', () => {
		expect(easyEuro(1250, 'en')).toBe('€12.50');
		expect(easyEuro(96_000, 'en')).toBe('€960');
		expect(easyEuro(-305, 'en')).toBe('-€3.05');
	});
	it('writes distances from tenths of a km', () => {
		expect(easyKm(120, 'de')).toBe('12');
		expect(easyKm(125, 'de')).toBe('12,5');
		expect(easyKm(125, 'en')).toBe('12.5');
	});
});
