import { describe, expect, it } from 'vitest';
import {
	checkbox,
	choice,
	honeypot,
	optionalEmail,
	optionalFutureDate,
	optionalHttpsAddress,
	optionalId,
	optionalWebAddress,
	password,
	requiredDateTime,
	requiredDay,
	requiredText
} from './fields';
import { echo, parseForm } from './parse';

const form = (entries: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(entries)) data.append(k, v);
	return data;
};

describe('form fields', () => {
	it('reads date and time as Berlin wall clock and refuses impossible ones', () => {
		expect(requiredDateTime().parse('2026-05-14T17:00')).toEqual({ ok: true, value: new Date('2026-05-14T15:00:00Z') });
		expect(requiredDateTime().parse('2026-02-30T17:00')).toMatchObject({ ok: false, message: expect.stringContaining('Datum und Uhrzeit') });
		expect(requiredDateTime().parse('morgen')).toMatchObject({ ok: false });
		expect(requiredDateTime().parse('')).toEqual({ ok: false, message: 'Bitte füllen Sie dieses Feld aus.' });
	});

	it('takes web addresses for video calls, and nothing that runs script', () => {
		expect(optionalWebAddress().parse('')).toEqual({ ok: true, value: null });
		expect(optionalWebAddress().parse('https://meet.example/abc')).toEqual({ ok: true, value: 'https://meet.example/abc' });
		expect(optionalWebAddress().parse('javascript:alert(1)')).toMatchObject({ ok: false });
		expect(optionalWebAddress().parse('meet example')).toMatchObject({ ok: false, message: expect.stringContaining('https://') });
	});

	it('takes only https addresses for what the public page embeds', () => {
		expect(optionalHttpsAddress().parse(' ')).toEqual({ ok: true, value: null });
		expect(optionalHttpsAddress().parse('https://kreis.example/dgs.mp4')).toEqual({ ok: true, value: 'https://kreis.example/dgs.mp4' });
		expect(optionalHttpsAddress().parse('http://kreis.example/dgs.mp4')).toMatchObject({ ok: false, message: expect.stringContaining('https://') });
		expect(optionalHttpsAddress().parse('javascript:alert(1)')).toMatchObject({ ok: false });
		expect(optionalHttpsAddress().parse('kreis.example/dgs')).toMatchObject({ ok: false });
		expect(optionalHttpsAddress().parse(`https://kreis.example/${'a'.repeat(2000)}`)).toMatchObject({ ok: false });
	});

	it('never refuses a honeypot (a refusal would tell the robot)', () => {
		expect(honeypot().parse(null)).toEqual({ ok: true, value: null });
		expect(honeypot().parse('http://spam.example')).toEqual({ ok: true, value: 'http://spam.example' });
	});

	it('trims text, folds inner whitespace and enforces length', () => {
		expect(requiredText().parse('  Anna   Fischer ')).toEqual({ ok: true, value: 'Anna Fischer' });
		expect(requiredText().parse('   ')).toEqual({ ok: false, message: 'Bitte füllen Sie dieses Feld aus.' });
		expect(requiredText({ max: 3 }).parse('abcd')).toEqual({ ok: false, message: 'Bitte höchstens 3 Zeichen.' });
		expect(requiredText({ multiline: true }).parse('a\r\n\r\nb')).toEqual({ ok: true, value: 'a\n\nb' });
	});

	it('accepts ordinary e-mail addresses and explains a broken one', () => {
		expect(optionalEmail().parse('')).toEqual({ ok: true, value: null });
		expect(optionalEmail().parse(' anna@caritas.example ')).toEqual({ ok: true, value: 'anna@caritas.example' });
		expect(optionalEmail().parse('anna@')).toMatchObject({ ok: false, message: expect.stringContaining('keine gültige E-Mail-Adresse') });
	});

	it('takes only offered choices and ids', () => {
		expect(choice(['de', 'en'] as const).parse('en')).toEqual({ ok: true, value: 'en' });
		expect(choice(['de', 'en'] as const).parse('fr')).toMatchObject({ ok: false });
		expect(optionalId().parse("x' OR 1=1")).toMatchObject({ ok: false });
	});

	it('reads checkboxes as present or absent', () => {
		expect(checkbox().parse('on')).toEqual({ ok: true, value: true });
		expect(checkbox().parse(null)).toEqual({ ok: true, value: false });
	});

	it('takes dates in the future only, and real calendar dates', () => {
		const now = () => new Date('2026-06-01T12:00:00Z');
		expect(optionalFutureDate(now).parse('2026-06-02')).toEqual({ ok: true, value: new Date('2026-06-02T21:59:59.999Z') });
		expect(optionalFutureDate(now).parse('2026-05-31')).toMatchObject({ ok: false, message: 'Das Datum muss in der Zukunft liegen.' });
		expect(optionalFutureDate(now).parse('2026-02-30')).toMatchObject({ ok: false });
		expect(optionalFutureDate(now).parse('tomorrow')).toMatchObject({ ok: false });
	});

	describe('every date field takes the years 2000 to 2100 and says so', () => {
		const range = 'Bitte geben Sie ein Datum zwischen 2000 und 2100 an.';
		const now = () => new Date('2026-06-01T12:00:00Z');

		it.each([
			['0024-05-01', '0024-05-01T10:00'],
			['1999-12-31', '1999-12-31T10:00'],
			['2101-01-01', '2101-01-01T10:00'],
			['9999-05-01', '9999-05-01T10:00'],
			['20260-05-01', '20260-05-01T10:00']
		])('refuses %s', (day, dayAndTime) => {
			expect(requiredDay().parse(day)).toEqual({ ok: false, message: range });
			expect(optionalFutureDate(now).parse(day)).toEqual({ ok: false, message: range });
			expect(requiredDateTime().parse(dayAndTime)).toEqual({ ok: false, message: range });
		});

		it('takes the first and the last day of the range', () => {
			expect(requiredDay().parse('2000-01-01')).toEqual({ ok: true, value: new Date('1999-12-31T23:00:00Z') });
			expect(requiredDateTime().parse('2100-12-31T23:59')).toEqual({ ok: true, value: new Date('2100-12-31T22:59:00Z') });
			expect(optionalFutureDate(now).parse('2100-12-31')).toEqual({ ok: true, value: new Date('2100-12-31T22:59:59.999Z') });
		});

		it('still tells an impossible day from one out of range', () => {
			expect(requiredDay().parse('2026-02-30')).toEqual({ ok: false, message: 'Bitte geben Sie ein gültiges Datum an.' });
			expect(requiredDateTime().parse('2026-02-30T10:00')).toMatchObject({ ok: false, message: expect.stringContaining('Datum und Uhrzeit') });
		});
	});

	it('collects every field error at once and echoes the input, but never a password', () => {
		const spec = { name: requiredText(), email: optionalEmail(), password: password() };
		const result = parseForm(form({ name: '', email: 'bad', password: 'secret' }), spec);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors).sort()).toEqual(['email', 'name']);
		expect(result.values).toEqual({ name: '', email: 'bad' });
		expect(echo(form({ password: 'x' }), spec)).toEqual({});
	});
});
