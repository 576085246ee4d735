import { and, asc, count, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import type { DeliveryState, Edition, SendState } from '../db/schema';

export interface EditionProgress {
	edition: Edition | 'all';
	total: number;
	sent: number;
	/** Queued, in flight, or waiting for a retry. */
	waiting: number;
	failedTemporarily: number;
	failedPermanently: number;
	skipped: number;
}

export interface SendProgress {
	send: { state: SendState; pauseReason: 'editor' | 'failures' | null; total: number; startedAt: Date; finishedAt: Date | null } | null;
	editions: EditionProgress[];
	/** The conference's active subscribers whose address bounces: no send reaches them. */
	bouncing: number;
	/** The relay's answers, most frequent first, addresses blanked out unless `withAddresses`. */
	errors: { error: string; count: number }[];
	/** Which addresses failed (the office's view only; empty otherwise). */
	failedAddresses: { email: string; state: 'failed_temporarily' | 'failed_permanently'; attempts: number; error: string }[];
}

const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;
/** A relay's answer often names the address ("550 <anna@…>: no such user"); editors see the reason, not whose. */
export const withoutAddresses = (text: string) => text.replace(ADDRESS, '…');

const LISTED_ADDRESSES = 50;
const LISTED_ERRORS = 10;

/**
 * The progress of a digest's send, for its sending page: per edition how many were sent, wait,
 * failed or were skipped, and the failures. Counted from the delivery rows by the send's index.
 */
export async function sendProgress(data: Data, digestId: string, options: { withAddresses: boolean }): Promise<SendProgress> {
	const { digestDeliveries, digestSends, newsletterSubscribers } = data.t;
	const row = first(
		await data.q
			.select({
				id: digestSends.id,
				conferenceId: digestSends.conferenceId,
				state: digestSends.state,
				pauseReason: digestSends.pauseReason,
				total: digestSends.total,
				startedAt: digestSends.startedAt,
				finishedAt: digestSends.finishedAt
			})
			.from(digestSends)
			.where(eq(digestSends.digestId, digestId))
	);
	if (!row) return { send: null, editions: [], bouncing: 0, errors: [], failedAddresses: [] };

	// count() is a number on both databases (PostgreSQL's bigint arrives as a string and is mapped).
	const counts = await data.q
		.select({ edition: digestDeliveries.edition, state: digestDeliveries.state, n: count() })
		.from(digestDeliveries)
		.where(eq(digestDeliveries.sendId, row.id))
		.groupBy(digestDeliveries.edition, digestDeliveries.state);
	const empty = (edition: EditionProgress['edition']): EditionProgress => ({
		edition,
		total: 0,
		sent: 0,
		waiting: 0,
		failedTemporarily: 0,
		failedPermanently: 0,
		skipped: 0
	});
	const byEdition = { standard: empty('standard'), easy: empty('easy'), all: empty('all') };
	const field: Record<DeliveryState, keyof Omit<EditionProgress, 'edition' | 'total'>> = {
		queued: 'waiting',
		sending: 'waiting',
		sent: 'sent',
		failed_temporarily: 'failedTemporarily',
		failed_permanently: 'failedPermanently',
		skipped: 'skipped'
	};
	for (const { edition, state, n } of counts) {
		for (const target of [byEdition[edition], byEdition.all]) {
			target[field[state]] += n;
			target.total += n;
		}
	}

	const bouncing =
		first(
			await data.q
				.select({ n: count() })
				.from(newsletterSubscribers)
				.where(
					and(
						eq(newsletterSubscribers.conferenceId, row.conferenceId),
						eq(newsletterSubscribers.state, 'active'),
						isNotNull(newsletterSubscribers.bouncingSince)
					)
				)
		)?.n ?? 0;

	const failures = and(
		eq(digestDeliveries.sendId, row.id),
		inArray(digestDeliveries.state, ['failed_temporarily', 'failed_permanently']),
		isNotNull(digestDeliveries.lastError)
	);
	const grouped = new Map<string, number>();
	for (const { error, n } of await data.q
		.select({ error: digestDeliveries.lastError, n: count() })
		.from(digestDeliveries)
		.where(failures)
		.groupBy(digestDeliveries.lastError)) {
		if (error === null) continue;
		const shown = options.withAddresses ? error : withoutAddresses(error);
		grouped.set(shown, (grouped.get(shown) ?? 0) + n);
	}
	const errors = [...grouped]
		.map(([error, count]) => ({ error, count }))
		.sort((a, b) => b.count - a.count || a.error.localeCompare(b.error))
		.slice(0, LISTED_ERRORS);

	const failedAddresses: SendProgress['failedAddresses'] = options.withAddresses
		? (
				await data.q
					.select({ email: newsletterSubscribers.email, state: digestDeliveries.state, attempts: digestDeliveries.attempts, error: digestDeliveries.lastError })
					.from(digestDeliveries)
					.innerJoin(newsletterSubscribers, eq(newsletterSubscribers.id, digestDeliveries.subscriberId))
					.where(failures)
					.orderBy(desc(digestDeliveries.state), asc(newsletterSubscribers.email))
					.limit(LISTED_ADDRESSES)
			).map((d) => ({ ...d, state: d.state as 'failed_temporarily' | 'failed_permanently', error: d.error ?? '' }))
		: [];

	return {
		send: {
			state: row.state,
			pauseReason: row.pauseReason,
			total: row.total,
			startedAt: row.startedAt,
			finishedAt: row.finishedAt
		},
		editions: [byEdition.standard, byEdition.easy, byEdition.all].filter((e) => e.edition === 'all' || e.total > 0),
		bouncing,
		errors,
		failedAddresses
	};
}
