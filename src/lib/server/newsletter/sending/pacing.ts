import { and, asc, eq, gt } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
import { sentSince } from './deliveries';

const HOUR_MS = 3_600_000;

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted || ms <= 0) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, { once: true });
	});
}

// One relay, one process: every send running here shares the per-second pace.
let nextSlot = 0;

/**
 * Waits for this mail's slot under `perSecond` (0: none). Slots are spaced evenly rather than
 * granted in bursts each second, so no window of one second ever holds more than the rate.
 * False when `signal` aborted meanwhile: the mail is not sent.
 */
export async function paced(perSecond: number, signal: AbortSignal): Promise<boolean> {
	if (perSecond > 0) {
		const now = Date.now();
		const slot = Math.max(now, nextSlot);
		nextSlot = slot + 1000 / perSecond;
		await sleep(slot - now, signal);
	}
	return !signal.aborted;
}

/**
 * What the hourly limit still allows now, from the deliveries sent in the last hour (of every
 * send: the relay counts them all), and when the next mail may go out if nothing.
 */
export async function hourlyRoom(data: Data, perHour: number, now: number): Promise<{ room: number; freesAt: number }> {
	if (perHour <= 0) return { room: Number.POSITIVE_INFINITY, freesAt: now };
	const since = now - HOUR_MS;
	const n = await sentSince(data, since);
	if (n < perHour) return { room: perHour - n, freesAt: now };
	// The mail whose hour ends next lets one more go: the (n - perHour + 1)th oldest of the window.
	const { digestDeliveries: d } = data.t;
	const oldest = first(
		await data.q
			.select({ at: d.sentAt })
			.from(d)
			.where(and(eq(d.state, 'sent'), gt(d.sentAt, new Date(since))))
			.orderBy(asc(d.sentAt))
			.limit(1)
			.offset(n - perHour)
	);
	// Gone meanwhile (a digest's conference deleted): room again now.
	if (!oldest?.at) return { room: 1, freesAt: now };
	return { room: 0, freesAt: oldest.at.getTime() + HOUR_MS + 1 };
}
