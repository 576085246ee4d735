import { sql } from 'drizzle-orm';
import type { Data, Query } from '../db/client';
import type { Db } from '../db';
import { auditLog } from '../db/schema';
import type { Actor } from '../policies/actor';

type Tx = Pick<Db, 'insert'>;

export interface AuditEntry {
	action: string;
	conferenceId: string | null;
	subjectType: string;
	subjectId: string;
	before?: Record<string, unknown> | null;
	after?: Record<string, unknown> | null;
}

/** The row of one entry, as both layers insert it. */
const rowOf = (actor: Actor, entry: AuditEntry) => ({
	actorPersonId: actor.personId,
	conferenceId: entry.conferenceId,
	action: entry.action,
	subjectType: entry.subjectType,
	subjectId: entry.subjectId,
	before: entry.before ?? null,
	after: entry.after ?? null
});

/**
 * Writes one audit row inside the caller's transaction, so the record and the change land together.
 * The synchronous twin of `recordAuditIn`, kept for the commands still in synchronous transactions;
 * it goes when its last caller moves.
 */
export function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): void {
	tx.insert(auditLog).values(rowOf(actor, entry)).run();
}

/**
 * `recordAudit` on the data layer, inside the caller's transaction (`tx` of `data.transaction`).
 * Built, not prepared: a placeholder would store a missing `before`/`after` as JSON `null`
 * instead of SQL NULL, and a command writes one audit row, not thousands.
 */
export async function recordAuditIn(data: Data, tx: Query, actor: Actor, entry: AuditEntry): Promise<void> {
	await tx.insert(data.t.auditLog).values(rowOf(actor, entry));
}

/** Many entries as one JSON array of arrays: one statement, one parameter, however many rows. */
const entriesAsJson = (entries: readonly AuditEntry[]) =>
	JSON.stringify(
		entries.map((e) => [
			e.conferenceId,
			e.action,
			e.subjectType,
			e.subjectId,
			e.before ? JSON.stringify(e.before) : null,
			e.after ? JSON.stringify(e.after) : null
		])
	);

/** SQLite's statement: `json_each` over the array; before/after stay JSON text, as the column stores them. */
const sqliteAudits = (actor: Actor, entries: readonly AuditEntry[]) => sql`
	INSERT INTO audit_log (at, actor_person_id, conference_id, action, subject_type, subject_id, before, after)
	SELECT ${Date.now()}, ${actor.personId}, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
	FROM json_each(${entriesAsJson(entries)})`;

/**
 * PostgreSQL's twin: `jsonb_array_elements` keeps the array's order (so `seq` does); before/after
 * become jsonb (a JSON null in the array, SQL NULL); the parameters are typed, since a bare
 * parameter in a SELECT list would be text.
 */
const postgresAudits = (actor: Actor, entries: readonly AuditEntry[]) => sql`
	INSERT INTO audit_log (at, actor_person_id, conference_id, action, subject_type, subject_id, before, after)
	SELECT ${Date.now()}::bigint, ${actor.personId}::text, value ->> 0, value ->> 1, value ->> 2, value ->> 3, (value ->> 4)::jsonb, (value ->> 5)::jsonb
	FROM jsonb_array_elements(${entriesAsJson(entries)}::jsonb) WITH ORDINALITY AS e(value, n) ORDER BY n`;

/**
 * Many audit rows of one actor in one statement (a meeting's claims drafted at once), in the
 * caller's transaction: the rows go to the database as one JSON array, not a statement each.
 * The synchronous twin of `recordAuditsIn`, kept for the commands still in synchronous
 * transactions; it goes when its last caller moves.
 */
export function recordAudits(tx: Pick<Db, 'run'>, actor: Actor, entries: readonly AuditEntry[]): void {
	if (entries.length === 0) return;
	tx.run(sqliteAudits(actor, entries));
}

/** `recordAudits` on the data layer, inside the caller's transaction, on either dialect. */
export async function recordAuditsIn(data: Data, tx: Query, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
	if (entries.length === 0) return;
	await data.execute(data.dialect === 'postgres' ? postgresAudits(actor, entries) : sqliteAudits(actor, entries), tx);
}
