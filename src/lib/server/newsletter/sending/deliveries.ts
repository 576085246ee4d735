import { and, eq, gt, inArray, min, sql } from 'drizzle-orm';
import { changedRows, first, type Data, type Query } from '../../db/client';
import { lockForUpdate } from '../../db/locks';
import type { Edition, SendState } from '../../db/schema';

/**
 * The sending engine's statements on `digest_deliveries` and `digest_sends`, on the data layer.
 * Every change of a batch is one statement or one transaction: the rows are the checkpoint a
 * restart resumes from. None of them is held across the mails' I/O.
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

export async function sendState(data: Data, sendId: string, tx: Query = data.q): Promise<SendState | null> {
	const { digestSends } = data.t;
	const row = first(await tx.select({ state: digestSends.state }).from(digestSends).where(eq(digestSends.id, sendId)));
	return row?.state ?? null;
}

/**
 * Rows left `sending` when a run begins were in flight in a process that died (one send has one
 * job): they go out again, with their Message-ID, so a second copy is recognisable.
 */
export async function requeueInFlight(data: Data, sendId: string): Promise<number> {
	const { digestDeliveries } = data.t;
	return changedRows(
		await data.q
			.update(digestDeliveries)
			.set({ state: 'queued' })
			.where(and(eq(digestDeliveries.sendId, sendId), eq(digestDeliveries.state, 'sending')))
	);
}

/**
 * Marks up to `limit` due deliveries `sending`, committed (the statement is its own transaction)
 * before any goes out. On PostgreSQL the rows are taken `FOR UPDATE SKIP LOCKED`: a send has one
 * job, but should two slices ever overlap, neither claims the other's rows.
 */
export async function claimDue(data: Data, sendId: string, now: number, limit: number): Promise<ClaimedDelivery[]> {
	const returning = sql`RETURNING id, subscriber_id AS "subscriberId", edition, message_id AS "messageId", attempts`;
	const statement =
		data.dialect === 'postgres'
			? sql`UPDATE digest_deliveries SET state = 'sending', attempts = attempts + 1
				WHERE id IN (
					SELECT id FROM digest_deliveries
					WHERE send_id = ${sendId} AND state IN ('queued', 'failed_temporarily') AND next_attempt_at <= ${now}::bigint
					ORDER BY next_attempt_at, id LIMIT ${limit}::int
					FOR UPDATE SKIP LOCKED)
				${returning}`
			: sql`UPDATE digest_deliveries SET state = 'sending', attempts = attempts + 1
				WHERE id IN (
					SELECT id FROM digest_deliveries
					WHERE send_id = ${sendId} AND state IN ('queued', 'failed_temporarily') AND next_attempt_at <= ${now}
					ORDER BY next_attempt_at, id LIMIT ${limit})
				${returning}`;
	const rows = await data.rows<ClaimedDelivery>(statement);
	// Attempts as a number on both. RETURNING keeps no order: a slice sends its batch in any order.
	return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

export async function recipientsOf(data: Data, subscriberIds: string[]): Promise<Map<string, Recipient>> {
	if (subscriberIds.length === 0) return new Map();
	const { newsletterSubscribers: s } = data.t;
	const rows = await data.q
		.select({ id: s.id, email: s.email, name: s.name, tokenVersion: s.tokenVersion, state: s.state, bouncingSince: s.bouncingSince })
		.from(s)
		.where(inArray(s.id, subscriberIds));
	return new Map(rows.map(({ state, bouncingSince, ...r }) => [r.id, { ...r, gone: state !== 'active' || bouncingSince !== null }]));
}

/** When the next delivery falls due, or null when none is left to try (the send is done). */
export async function nextDue(data: Data, sendId: string, tx: Query = data.q): Promise<number | null> {
	const { digestDeliveries: d } = data.t;
	const row = first(
		await tx
			.select({ at: min(d.nextAttemptAt) })
			.from(d)
			.where(and(eq(d.sendId, sendId), inArray(d.state, ['queued', 'failed_temporarily', 'sending'])))
	);
	// min() of the column comes back raw (SQLite a number, PostgreSQL's bigint as text) or as a Date.
	const at = row?.at as unknown;
	if (at === null || at === undefined) return null;
	return at instanceof Date ? at.getTime() : Number(at);
}

export async function markDone(data: Data, sendId: string, now: number, tx: Query = data.q): Promise<void> {
	const { digestSends } = data.t;
	await tx
		.update(digestSends)
		.set({ state: 'done', finishedAt: new Date(now) })
		.where(and(eq(digestSends.id, sendId), eq(digestSends.state, 'sending')));
}

/** The ids in a JSON array, as a set of rows: `json_each` on SQLite, `jsonb_array_elements_text` on PostgreSQL. */
function idsIn(data: Data, ids: string[]) {
	return data.dialect === 'postgres'
		? sql`(SELECT value FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`
		: sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/**
 * Writes a batch's outcomes in one transaction: the deliveries, the bounce count of addresses
 * that failed permanently, and the send's run of consecutive failures, which pauses it once it
 * reaches `pauseAfterFailures`. Answers whether the send paused itself.
 */
export async function recordOutcomes(
	data: Data,
	sendId: string,
	outcomes: Outcome[],
	attemptsOf: Map<string, number>,
	policy: RecordPolicy
): Promise<{ paused: boolean }> {
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
	const json = JSON.stringify(rows);
	const bounced = outcomes.filter((o) => o.result === 'permanent').map((o) => o.subscriberId);
	// A delivered mail shows the address works again: its count of failures starts afresh.
	const delivered = outcomes.filter((o) => o.result === 'sent').map((o) => o.subscriberId);
	const pg = data.dialect === 'postgres';
	return data.transaction(async (tx) => {
		await data.execute(
			pg
				? sql`UPDATE digest_deliveries SET
					state = j.value ->> 1,
					last_error = coalesce(j.value ->> 2, CASE WHEN j.value ->> 1 = 'queued' THEN last_error END),
					next_attempt_at = coalesce((j.value ->> 3)::bigint, next_attempt_at),
					sent_at = (j.value ->> 4)::bigint,
					attempts = attempts - (j.value ->> 5)::int
				FROM jsonb_array_elements(${json}::jsonb) AS j(value) WHERE digest_deliveries.id = j.value ->> 0 AND digest_deliveries.state = 'sending'`
				: sql`UPDATE digest_deliveries SET
					state = j.value ->> 1,
					last_error = coalesce(j.value ->> 2, CASE WHEN j.value ->> 1 = 'queued' THEN last_error END),
					next_attempt_at = coalesce(j.value ->> 3, next_attempt_at),
					sent_at = j.value ->> 4,
					attempts = attempts - (j.value ->> 5)
				FROM json_each(${json}) j WHERE digest_deliveries.id = j.value ->> 0 AND digest_deliveries.state = 'sending'`,
			tx
		);
		if (delivered.length > 0)
			await data.execute(sql`UPDATE newsletter_subscribers SET permanent_failures = 0 WHERE permanent_failures > 0 AND id IN ${idsIn(data, delivered)}`, tx);
		if (bounced.length > 0)
			await data.execute(
				sql`UPDATE newsletter_subscribers SET
					permanent_failures = permanent_failures + 1,
					bouncing_since = CASE WHEN bouncing_since IS NULL AND permanent_failures + 1 >= ${policy.bouncingAfter} THEN ${pg ? sql`${policy.now}::bigint` : sql`${policy.now}`} ELSE bouncing_since END
				WHERE id IN ${idsIn(data, bounced)}`,
				tx
			);
		const { digestSends } = data.t;
		// Two batches of a slice may record at once: the send's row is held before its run of
		// failures is read, so the second adds to the first's count instead of writing over it.
		await lockForUpdate(data, tx, digestSends, sendId);
		const send = first(await tx.select({ consecutive: digestSends.consecutiveFailures }).from(digestSends).where(eq(digestSends.id, sendId)));
		// In the order the relay answered: one success ends a run of failures.
		let run = send?.consecutive ?? 0;
		let reached = false;
		for (const o of outcomes) {
			if (o.result === 'sent') run = 0;
			else if (o.result === 'temporary' || o.result === 'permanent') run += 1;
			if (run >= policy.pauseAfterFailures) reached = true;
		}
		const paused =
			reached &&
			changedRows(
				await tx
					.update(digestSends)
					.set({ state: 'paused', pauseReason: 'failures' })
					.where(and(eq(digestSends.id, sendId), eq(digestSends.state, 'sending')))
			) === 1;
		await tx
			.update(digestSends)
			.set({ consecutiveFailures: paused ? 0 : run })
			.where(eq(digestSends.id, sendId));
		return { paused };
	});
}

/** Deliveries sent after `since` (of every send: the relay counts them all), for the hourly limit. */
export async function sentSince(data: Data, since: number): Promise<number> {
	const { digestDeliveries: d } = data.t;
	const row = first(
		await data.q
			.select({ n: sql<number | string>`count(*)` })
			.from(d)
			.where(and(eq(d.state, 'sent'), gt(d.sentAt, new Date(since))))
	);
	return Number(row?.n ?? 0);
}
