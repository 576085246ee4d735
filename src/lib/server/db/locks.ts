import { inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Data, Query } from './client';

/** A table whose rows are named by a text `id`: every parent row a rule is held on. */
type WithId = PgTable & { id: PgColumn };

/**
 * How strongly a row is held until the transaction ends (README, "Rules that span rows, on PostgreSQL"):
 * - `update` — one writer at a time: a second `update` on the row waits until the first commits,
 *   then reads what it committed. PostgreSQL's `FOR NO KEY UPDATE`, not `FOR UPDATE`: it does not
 *   block the foreign-key checks of rows inserted under the locked parent (they take `KEY SHARE`),
 *   so locking a conference does not stall every insert that names it. No rule here changes an id.
 * - `share` — many at once, but not while anyone holds the row for `update` or updates it: the
 *   votes of a poll share its row, and closing it (an update) waits until the votes under way
 *   committed; a vote arriving after the close waits, then reads the poll as closed.
 */
export type LockStrength = 'update' | 'share';

/**
 * Locks rows of `table` by id for the rest of the transaction `tx`, and resolves with the ids that
 * exist (a missing row locks nothing: the caller's refusal, as when it reads it). Several ids are
 * locked in id order, so two transactions locking overlapping sets wait for each other instead of
 * deadlocking.
 *
 * On SQLite it only reads: the transaction took the database's write lock at BEGIN IMMEDIATE, so
 * every transaction that could write is already one at a time.
 *
 * Only rows named here are held: a check over rows that do not exist yet (the next number, the
 * seats still free) is held by locking their parent row, and every writer of that rule must lock
 * it, in the same transaction, before it reads what it checks.
 */
export async function lockRows(data: Data, tx: Query, table: WithId, ids: string | readonly string[], strength: LockStrength = 'update'): Promise<string[]> {
	const wanted = typeof ids === 'string' ? [ids] : [...new Set(ids)];
	if (wanted.length === 0) return [];
	const which = sql`SELECT ${table.id} AS id FROM ${table} WHERE ${inArray(table.id, wanted)} ORDER BY ${table.id}`;
	return (await data.rows<{ id: string }>(locking(data, which, strength), tx)).map((r) => r.id);
}

/**
 * Locks the one row of `table` that `where` names by its composite key (a payee is its conference
 * and person), as `lockRows` does; resolves with whether it exists. One row: several rows of a
 * table without an id have no order that every writer would lock them in.
 */
export async function lockRow(data: Data, tx: Query, table: PgTable, where: SQL, strength: LockStrength = 'update'): Promise<boolean> {
	const rows = await data.rows(locking(data, sql`SELECT 1 AS found FROM ${table} WHERE ${where}`, strength), tx);
	if (rows.length > 1) throw new Error('lockRow: the condition names more than one row');
	return rows.length === 1;
}

/**
 * Locks every row of `table` that `where` names, in the order of `order`, as `lockRows` does; resolves
 * with how many there are. For the rows of one parent that every writer updates several of in its
 * own order (a poll's tallies): taken all at once in a fixed order before the first update, two
 * transactions wait for each other instead of each holding a row the other one wants next.
 */
export async function lockAllWhere(
	data: Data,
	tx: Query,
	table: PgTable,
	where: SQL,
	order: readonly PgColumn[],
	strength: LockStrength = 'update'
): Promise<number> {
	const select = sql`SELECT 1 AS found FROM ${table} WHERE ${where} ORDER BY ${sql.join([...order], sql`, `)}`;
	return (await data.rows(locking(data, select, strength), tx)).length;
}

const locking = (data: Data, select: SQL, strength: LockStrength) =>
	data.dialect === 'postgres' ? sql`${select} ${strength === 'update' ? sql`FOR NO KEY UPDATE` : sql`FOR SHARE`}` : select;

/** Locks one row for `update` (see `lockRows`); false when it does not exist. */
export async function lockForUpdate(data: Data, tx: Query, table: WithId, id: string): Promise<boolean> {
	return (await lockRows(data, tx, table, id, 'update')).length === 1;
}

/** Shares one row against updates (see `lockRows`); false when it does not exist. */
export async function lockForShare(data: Data, tx: Query, table: WithId, id: string): Promise<boolean> {
	return (await lockRows(data, tx, table, id, 'share')).length === 1;
}
