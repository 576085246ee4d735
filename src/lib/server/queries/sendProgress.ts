import type { Db } from '../db';
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
export function sendProgress(db: Db, digestId: string, options: { withAddresses: boolean }): SendProgress {
	const client = db.$client;
	const row = client
		.prepare(
			`SELECT id, conference_id AS conferenceId, state, pause_reason AS pauseReason, total, started_at AS startedAt, finished_at AS finishedAt
			FROM digest_sends WHERE digest_id = ?`
		)
		.get(digestId) as
		| {
				id: string;
				conferenceId: string;
				state: SendState;
				pauseReason: 'editor' | 'failures' | null;
				total: number;
				startedAt: number;
				finishedAt: number | null;
		  }
		| undefined;
	if (!row) return { send: null, editions: [], bouncing: 0, errors: [], failedAddresses: [] };

	const counts = client.prepare(`SELECT edition, state, count(*) AS n FROM digest_deliveries WHERE send_id = ? GROUP BY edition, state`).all(row.id) as {
		edition: Edition;
		state: DeliveryState;
		n: number;
	}[];
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

	const { bouncing } = client
		.prepare(`SELECT count(*) AS bouncing FROM newsletter_subscribers WHERE conference_id = ? AND state = 'active' AND bouncing_since IS NOT NULL`)
		.get(row.conferenceId) as { bouncing: number };

	const failures = `d.send_id = ? AND d.state IN ('failed_temporarily', 'failed_permanently') AND d.last_error IS NOT NULL`;
	const grouped = new Map<string, number>();
	for (const { error, n } of client
		.prepare(`SELECT d.last_error AS error, count(*) AS n FROM digest_deliveries d WHERE ${failures} GROUP BY d.last_error`)
		.all(row.id) as {
		error: string;
		n: number;
	}[]) {
		const shown = options.withAddresses ? error : withoutAddresses(error);
		grouped.set(shown, (grouped.get(shown) ?? 0) + n);
	}
	const errors = [...grouped]
		.map(([error, count]) => ({ error, count }))
		.sort((a, b) => b.count - a.count || a.error.localeCompare(b.error))
		.slice(0, LISTED_ERRORS);

	const failedAddresses = options.withAddresses
		? (client
				.prepare(
					`SELECT s.email, d.state, d.attempts, d.last_error AS error FROM digest_deliveries d
					JOIN newsletter_subscribers s ON s.id = d.subscriber_id
					WHERE ${failures} ORDER BY d.state DESC, s.email LIMIT ${LISTED_ADDRESSES}`
				)
				.all(row.id) as SendProgress['failedAddresses'])
		: [];

	return {
		send: {
			state: row.state,
			pauseReason: row.pauseReason,
			total: row.total,
			startedAt: new Date(row.startedAt),
			finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt)
		},
		editions: [byEdition.standard, byEdition.easy, byEdition.all].filter((e) => e.edition === 'all' || e.total > 0),
		bouncing,
		errors,
		failedAddresses
	};
}
