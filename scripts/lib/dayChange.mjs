// The browser tests run against the demo conference, whose sitting of today is seeded when the
// server starts. Check-in, "today's dates" and the easy pages ask whether a sitting is on today's
// date in the conference's time zone, so a run that passes midnight there fails for a reason no one
// can find in the code. A run that would pass midnight waits for it instead.

const ZONE = 'Europe/Berlin';

/** Minutes from `now` until the next midnight in the conference's time zone. */
export function minutesToMidnight(now = new Date(), timeZone = ZONE) {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
	const part = (type) => Number(parts.find((p) => p.type === type).value);
	const secondsIntoDay = part('hour') * 3600 + part('minute') * 60 + part('second');
	return (24 * 3600 - secondsIntoDay) / 60;
}

/**
 * Minutes a run of `minutes` that starts `now` must wait so it does not pass midnight: 0 when it
 * ends before, otherwise until half a minute after midnight. (Clocks change at 2 or 3 at night,
 * never between a run's start and the midnight it is measured against.)
 */
export function waitBeforeRun(minutes, now = new Date(), timeZone = ZONE) {
	const left = minutesToMidnight(now, timeZone);
	return left > minutes ? 0 : left + 0.5;
}
