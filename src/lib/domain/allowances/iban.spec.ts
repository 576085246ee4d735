import { describe, expect, it } from 'vitest';
import { formatIban, maskIban, parseBic, parseIban } from './iban';

describe('parseIban', () => {
	it('takes an IBAN as people type it and gives the electronic form', () => {
		expect(parseIban(' de89 3704 0044 0532 0130 00 ')).toEqual({ iban: 'DE89370400440532013000' });
		expect(parseIban('AT61 1904 3002 3457 3201')).toEqual({ iban: 'AT611904300234573201' });
	});

	it('tells a typo in a well-formed IBAN (check digits) from one that is no IBAN at all', () => {
		expect(parseIban('DE89 3704 0044 0532 0130 01')).toEqual({ problem: 'checksum' });
		// One digit short: a wrong length, though the check digits fail as well.
		expect(parseIban('DE89 3704 0044 0532 0130 0')).toEqual({ problem: 'invalid' });
		expect(parseIban('XX89 3704 0044 0532 0130 00')).toEqual({ problem: 'invalid' });
		expect(parseIban('   ')).toEqual({ problem: 'empty' });
	});
});

describe('parseBic', () => {
	it('accepts 8 and 11 characters in any case and spacing, refuses other shapes', () => {
		expect(parseBic('cobadeff xxx')).toBe('COBADEFFXXX');
		expect(parseBic('COBADEFF')).toBe('COBADEFF');
		expect(parseBic('COBA1EFF')).toBeNull();
		expect(parseBic('COBADEFFX')).toBeNull();
	});
});

describe('formatIban and maskIban', () => {
	it('group by four; the mask keeps only the country, check digits and the last four', () => {
		expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
		expect(maskIban('DE89370400440532013000')).toBe('DE89 •••• •••• •••• ••30 00');
	});
});
