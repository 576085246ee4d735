/** German district conferences keep Berlin time, whatever clock the server runs on. */
export const TIME_ZONE = 'Europe/Berlin';

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
	const wallClockAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wallClockAsUtc - Math.floor(instant / 1000) * 1000;
}

/** The last millisecond of a calendar day in a time zone ("valid until 30 June" means all of it). */
export function endOfDayInZone(year: number, month: number, day: number, timeZone = TIME_ZONE): Date {
	return wallClockInZone(year, month, day, 23, 59, 59, 999, timeZone);
}

/** The instant a wall clock in a time zone shows the given date and time ("14 May, 17:00 in Berlin"). */
export function wallClockInZone(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second = 0,
	ms = 0,
	timeZone = TIME_ZONE
): Date {
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	let instant = wall - zoneOffsetMs(wall, timeZone);
	// Near a daylight-saving switch the offset at the result can differ from the first guess.
	const corrected = wall - zoneOffsetMs(instant, timeZone);
	if (corrected !== instant) instant = corrected;
	return new Date(instant);
}

/** An instant as `<input type="datetime-local">` shows it, on the zone's wall clock: "2026-05-14T17:00". */
export function toDateTimeLocalValue(date: Date, timeZone = TIME_ZONE): string {
	const wall = new Date(date.getTime() + zoneOffsetMs(date.getTime(), timeZone));
	return wall.toISOString().slice(0, 16);
}

/** The calendar day an instant falls on in a time zone: "2026-05-14". */
export function calendarDayInZone(date: Date, timeZone = TIME_ZONE): string {
	return toDateTimeLocalValue(date, timeZone).slice(0, 10);
}
