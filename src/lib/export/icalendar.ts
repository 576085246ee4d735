/**
 * A small iCalendar (RFC 5545) writer for plenary sessions and working-group meetings.
 * Pure: values in, text out. Times are written in UTC, which every calendar shows in its
 * owner's zone, so the file needs no VTIMEZONE of its own.
 */

export interface CalendarEvent {
	/** Stable across exports, so that importing the file again updates the event instead of adding a copy. */
	uid: string;
	start: Date;
	/** Must be later than `start` (RFC 5545, 3.8.2.2). */
	end: Date;
	summary: string;
	location?: string | null;
	description?: string | null;
	/** An absolute URL, written as it is (a URI value is not escaped like text). */
	url?: string | null;
	/** When the event last changed; calendars use it to tell a newer copy from an older one. */
	lastModified?: Date | null;
}

export interface Calendar {
	/** PRODID: who wrote the file, as `-//Organisation//Product//Language`. */
	productId: string;
	/** DTSTAMP of every event: when this file was written. */
	stamp: Date;
	events: CalendarEvent[];
}

/** Our PRODID, for every file Ratschlag writes. */
export const RATSCHLAG_PRODUCT_ID = '-//Ratschlag//Ratschlag//DE';

/** Content lines are at most 75 octets long, line break excluded (RFC 5545, 3.1). */
const LINE_OCTETS = 75;
const CRLF = '\r\n';

/**
 * Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11). Control
 * characters other than the tab are not allowed in text at all, so they are dropped.
 */
export function escapeText(value: string): string {
	return (
		value
			.replace(/\r\n?/g, '\n')
			// eslint-disable-next-line no-control-regex -- control characters are what this strips (RFC 5545 forbids them in TEXT)
			.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
			.replace(/[\\;,]/g, (c) => `\\${c}`)
			.replace(/\n/g, '\\n')
	);
}

/** Octets of one code point in UTF-8; a lone surrogate is sent as U+FFFD, which takes three. */
function utf8Octets(codePoint: number): number {
	if (codePoint < 0x80) return 1;
	if (codePoint < 0x800) return 2;
	if (codePoint < 0x10000) return 3;
	return 4;
}

/**
 * Folds a content line after at most 75 octets; each continuation line starts with a space,
 * which counts towards its 75. Breaks fall between code points, never inside a character's
 * UTF-8 sequence, so every line is valid UTF-8 on its own.
 */
export function foldLine(line: string): string {
	let folded = '';
	let octets = 0;
	for (const char of line) {
		const size = utf8Octets(char.codePointAt(0)!);
		if (octets + size > LINE_OCTETS) {
			folded += `${CRLF} `;
			octets = 1;
		}
		folded += char;
		octets += size;
	}
	return folded;
}

/** A DATE-TIME in UTC, `20261203T160000Z` (seconds kept, milliseconds dropped). */
export function formatUtc(date: Date): string {
	if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
	return date
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

// A URI value cannot be escaped, so anything that would break the line is left out.
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const uri = (value: string) => value.replace(/[\u0000-\u001F\u007F]/g, '');

function eventLines(event: CalendarEvent, stamp: Date): string[] {
	if (event.end.getTime() <= event.start.getTime()) throw new RangeError('an event must end after it starts');
	const lines = [
		'BEGIN:VEVENT',
		`UID:${escapeText(event.uid)}`,
		`DTSTAMP:${formatUtc(stamp)}`,
		`DTSTART:${formatUtc(event.start)}`,
		`DTEND:${formatUtc(event.end)}`,
		`SUMMARY:${escapeText(event.summary)}`
	];
	if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
	if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
	if (event.url) lines.push(`URL:${uri(event.url)}`);
	if (event.lastModified) lines.push(`LAST-MODIFIED:${formatUtc(event.lastModified)}`);
	lines.push('END:VEVENT');
	return lines;
}

/** The whole file: CRLF line ends, folded lines, a line break after the last line too. */
export function writeCalendar(calendar: Calendar): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		`PRODID:${escapeText(calendar.productId)}`,
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		...calendar.events.flatMap((event) => eventLines(event, calendar.stamp)),
		'END:VCALENDAR'
	];
	return lines.map(foldLine).join(CRLF) + CRLF;
}
