import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtc, writeCalendar, type CalendarEvent } from './icalendar';

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
	uid: 'plenary-abc123@ratschlag.test',
	start: new Date('2026-12-03T16:00:00Z'),
	end: new Date('2026-12-03T18:15:00Z'),
	summary: 'Plenum – Gesundheitskonferenz',
	...over
});

const write = (events: CalendarEvent[]) => writeCalendar({ productId: '-//Ratschlag//Ratschlag//DE', stamp: new Date('2026-11-30T09:30:15.123Z'), events });

/** The first VEVENT as Mozilla's parser reads it. */
function parsed(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	return { calendar, vevent: calendar.getFirstSubcomponent('vevent')!, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

describe('iCalendar text values', () => {
	it('escape backslash, semicolon, comma and every kind of line break', () => {
		expect(escapeText('a\\b; c, d\ne\r\nf\rg')).toBe('a\\\\b\\; c\\, d\\ne\\nf\\ng');
	});

	it('drop control characters but keep tabs and letters of any script', () => {
		expect(escapeText('Tag\u0007es\u0000ordnung\tÄÖÜß 😀')).toBe('Tagesordnung\tÄÖÜß 😀');
	});
});

describe('line folding', () => {
	const octets = (s: string) => Buffer.byteLength(s, 'utf8');

	it('leaves short lines alone and folds long ones at 75 octets with a leading space', () => {
		expect(foldLine('SUMMARY:kurz')).toBe('SUMMARY:kurz');
		const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`).split('\r\n');
		expect(folded.map(octets)).toEqual([75, 75, 64]);
		expect(folded.slice(1).every((line) => line.startsWith(' '))).toBe(true);
	});

	it('counts octets, not characters, and never splits a character', () => {
		const line = `DESCRIPTION:${'ä'.repeat(40)}${'😀'.repeat(20)}€`;
		const folded = foldLine(line).split('\r\n');
		for (const part of folded) {
			expect(octets(part)).toBeLessThanOrEqual(75);
			// A split UTF-8 sequence would come back as U+FFFD.
			expect(Buffer.from(part, 'utf8').toString('utf8')).not.toContain('\uFFFD');
		}
		expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
		// 12 octets of name, then two-octet umlauts: the first line ends one octet short of 75.
		expect(octets(folded[0])).toBe(74);
	});
});

describe('writeCalendar', () => {
	it('writes UTC date-times without milliseconds', () => {
		expect(formatUtc(new Date('2026-12-03T16:00:09.999Z'))).toBe('20261203T160009Z');
		expect(() => formatUtc(new Date('nonsense'))).toThrow(RangeError);
	});

	it('writes a calendar that a real parser reads back value for value', () => {
		const description = 'Tagesordnung:\n17:00 TOP 1: Begrüßung; Beschlussfähigkeit, Bericht\n\\ Ende';
		const text = write([
			event({
				location: 'Landratsamt, Saal 1; Eingang B',
				description,
				url: 'https://ratschlag.test/conferences/k1/plenary/abc123',
				lastModified: new Date('2026-11-29T08:00:00Z')
			})
		]);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
		const { calendar, vevent, event: read } = parsed(text);
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Ratschlag//Ratschlag//DE');
		expect(read.uid).toBe('plenary-abc123@ratschlag.test');
		expect(read.summary).toBe('Plenum – Gesundheitskonferenz');
		expect(read.location).toBe('Landratsamt, Saal 1; Eingang B');
		expect(read.description).toBe(description);
		expect(read.startDate.toJSDate().toISOString()).toBe('2026-12-03T16:00:00.000Z');
		expect(read.startDate.zone.tzid).toBe('UTC');
		expect(read.endDate.toJSDate().toISOString()).toBe('2026-12-03T18:15:00.000Z');
		expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-11-30T09:30:15.000Z');
		expect(vevent.getFirstPropertyValue('url')).toBe('https://ratschlag.test/conferences/k1/plenary/abc123');
		expect((vevent.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate().toISOString()).toBe('2026-11-29T08:00:00.000Z');
	});

	it('leaves out what an event does not have', () => {
		const text = write([event({ location: null, description: '', url: undefined })]);
		expect(text).not.toMatch(/^(LOCATION|DESCRIPTION|URL|LAST-MODIFIED)/m);
		expect(parsed(text).event.summary).toBe('Plenum – Gesundheitskonferenz');
	});

	it('refuses an event that ends before it starts', () => {
		expect(() => write([event({ end: new Date('2026-12-03T16:00:00Z') })])).toThrow(RangeError);
	});
});
