import type { Db } from '../../db';
import type { Edition, SendState } from '../../db/schema';

/**
 * The sending engine's statements on `digest_deliveries` and `digest_sends`. Every change of a
 * batch is one statement or one transaction: the rows are the checkpoint a restart resumes from.
 */
export interface ClaimedDelivery {
	id: string;
	subscriberId: string;
	edition: Edition;
	messageId: string;
	attempts: number;
}

export interface Recipient {
	id: string;
	email: string;
	name: string | null;
	tokenVersion: number;
	/** Unsubscribed or bouncing since the send started: the delivery is skipped. */
	gone: boolean;
}

export type Outcome =
	| { id: string; subscriberId: string; result: 'sent'; at: number }
	| { id: string; subscriberId: string; result: 'temporary' | 'permanent'; error: string }
	| { id: string; subscriberId: string; result: 'skipped' }
	/** Never handed to the relay (the job was stopped): back to the queue, the attempt not counted. */
	| { id: string; subscriberId: string; result: 'unsent' };

export interface RecordPolicy {
	now: number;
	maxAttempts: number;
	retryDelay: (attempts: number) => number;
	pauseAfterFailures: number;
	bouncingAfter: number;
}

export function sendState(db: Db, sendId: string): SendState | null {
	const row = db.$client.prepare(`SELECT state FROM digest_sends WHERE id = ?`).get(sendId) as { state: SendState } | undefined;
	return row?.state ?? null;
}

/**
 * Rows left `sending` when a run begins were in flight in a process that died (one send has one
 * job): they go out again, with their Message-ID, so a second copy is recognisable.
 */
export function requeueInFlight(db: Db, sendId: string): number {
	return db.$client.prepare(`UPDATE digest_deliveries SET state = 'queued' WHERE send_id = ? AND state = 'sending'`).run(sendId).changes;
}

/** Marks up to `limit` due deliveries `sending`, committed (the statement is its own transaction) before any goes out. */
export function claimDue(db: Db, sendId: string, now: number, limit: number): ClaimedDelivery[] {
	return db.$client
		.prepare(
			`UPDATE digest_deliveries SET state = 'sending', attempts = attempts + 1
			WHERE id IN (
				SELECT id FROM digest_deliveries
				WHERE send_id = @sendId AND state IN ('queued', 'failed_temporarily') AND next_attempt_at <= @now
				ORDER BY next_attempt_at, id LIMIT @limit)
			RETURNING id, subscriber_id AS subscriberId, edition, message_id AS messageId, attempts`
		)
		.all({ sendId, now, limit }) as ClaimedDelivery[];
}

export function recipientsOf(db: Db, subscriberIds: string[]): Map<string, Recipient> {
	const rows = db.$client
		.prepare(
			`SELECT id, email, name, token_version AS tokenVersion, (state <> 'active' OR bouncing_since IS NOT NULL) AS gone
			FROM newsletter_subscribers WHERE id IN (SELECT value FROM json_each(?))`
		)
		.all(JSON.stringify(subscriberIds)) as (Omit<Recipient, 'gone'> & { gone: 0 | 1 })[];
	return new Map(rows.map((r) => [r.id, { ...r, gone: r.gone === 1 }]));
}

/** When the next delivery falls due, or null when none is left to try (the send is done). */
export function nextDue(db: Db, sendId: string): number | null {
	const row = db.$client
		.prepare(`SELECT min(next_attempt_at) AS at FROM digest_deliveries WHERE send_id = ? AND state IN ('queued', 'failed_temporarily', 'sending')`)
		.get(sendId) as { at: number | null };
	return row.at;
}

export function markDone(db: Db, sendId: string, now: number): void {
	db.$client.prepare(`UPDATE digest_sends SET state = 'done', finished_at = ? WHERE id = ? AND state = 'sending'`).run(now, sendId);
}

/**
 * Writes a batch's outcomes in one transaction: the deliveries, the bounce count of addresses
 * that failed permanently, and the send's run of consecutive failures, which pauses it once it
 * reaches `pauseAfterFailures`. Answers whether the send paused itself.
 */
export function recordOutcomes(db: Db, sendId: string, outcomes: Outcome[], attemptsOf: Map<string, number>, policy: RecordPolicy): { paused: boolean } {
	const client = db.$client;
	const rows = outcomes.map((o) => {
		switch (o.result) {
			case 'sent':
				return [o.id, 'sent', null, null, o.at, 0];
			case 'skipped':
				return [o.id, 'skipped', null, null, null, 0];
			case 'unsent':
				return [o.id, 'queued', null, null, null, 1];
			case 'permanent':
				return [o.id, 'failed_permanently', o.error, null, null, 0];
			case 'temporary': {
				const attempts = attemptsOf.get(o.id) ?? 1;
				if (attempts >= policy.maxAttempts) return [o.id, 'failed_permanently', `${o.error} (${attempts} attempts)`, null, null, 0];
				return [o.id, 'failed_temporarily', o.error, policy.now + policy.retryDelay(attempts), null, 0];
			}
		}
	});
	const bounced = outcomes.filter((o) => o.result === 'permanent').map((o) => o.subscriberId);
	return db.$client.transaction(() => {
		client
			.prepare(
				`UPDATE digest_deliveries SET
					state = j.value ->> 1,
					last_error = coalesce(j.value ->> 2, CASE WHEN j.value ->> 1 = 'queued' THEN last_error END),
					next_attempt_at = coalesce(j.value ->> 3, next_attempt_at),
					sent_at = j.value ->> 4,
					attempts = attempts - (j.value ->> 5)
				FROM json_each(?) j WHERE digest_deliveries.id = j.value ->> 0 AND digest_deliveries.state = 'sending'`
			)
			.run(JSON.stringify(rows));
		// A delivered mail shows the address works again: its count of failures starts afresh.
		const delivered = outcomes.filter((o) => o.result === 'sent').map((o) => o.subscriberId);
		if (delivered.length > 0)
			client
				.prepare(`UPDATE newsletter_subscribers SET permanent_failures = 0 WHERE permanent_failures > 0 AND id IN (SELECT value FROM json_each(?))`)
				.run(JSON.stringify(delivered));
		if (bounced.length > 0) {
			client
				.prepare(
					`UPDATE newsletter_subscribers SET
						permanent_failures = permanent_failures + 1,
						bouncing_since = CASE WHEN bouncing_since IS NULL AND permanent_failures + 1 >= @threshold THEN @now ELSE bouncing_since END
					WHERE id IN (SELECT value FROM json_each(@ids))`
				)
				.run({ ids: JSON.stringify(bounced), threshold: policy.bouncingAfter, now: policy.now });
		}
		const { consecutive } = client.prepare(`SELECT consecutive_failures AS consecutive FROM digest_sends WHERE id = ?`).get(sendId) as {
			consecutive: number;
		};
		// In the order the relay answered: one success ends a run of failures.
		let run = consecutive;
		let reached = false;
		for (const o of outcomes) {
			if (o.result === 'sent') run = 0;
			else if (o.result === 'temporary' || o.result === 'permanent') run += 1;
			if (run >= policy.pauseAfterFailures) reached = true;
		}
		const paused =
			reached &&
			client.prepare(`UPDATE digest_sends SET state = 'paused', pause_reason = 'failures' WHERE id = ? AND state = 'sending'`).run(sendId).changes === 1;
		client.prepare(`UPDATE digest_sends SET consecutive_failures = ? WHERE id = ?`).run(paused ? 0 : run, sendId);
		return { paused };
	})();
}
