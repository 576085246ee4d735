import { errorCode } from './client';

/**
 * The write broke a unique index: on PostgreSQL SQLSTATE 23505, on SQLite a UNIQUE or PRIMARY KEY
 * constraint. Where an index holds a rule, this is the second writer of a race, to be answered
 * as a refusal ("already voted"), not as a server error. On PostgreSQL the transaction it happened
 * in is aborted: refuse the whole of it, or run the insert in a nested `data.transaction`
 * (a savepoint) to go on after it, e.g. to read the row that won.
 */
export function isUniqueViolation(error: unknown): boolean {
	const code = errorCode(error);
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A unique index as a violation names it: PostgreSQL by its name, SQLite by its columns. */
export interface UniqueIndex {
	name: string;
	columns: readonly { name: string }[];
}

/**
 * Whether `error` broke this unique index, of the several a table may have (a ballot's seat, its
 * voter), for answering each with its own refusal: on PostgreSQL the error names the constraint;
 * SQLite's message lists the index's columns ("UNIQUE constraint failed: t.a, t.b").
 */
export function violatesUniqueIndex(error: unknown, index: UniqueIndex): boolean {
	if (!isUniqueViolation(error)) return false;
	for (let e = error as { constraint?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
		if (typeof e.constraint === 'string') return e.constraint === index.name;
		const listed = typeof e.message === 'string' ? /^UNIQUE constraint failed: (.+)$/.exec(e.message)?.[1] : undefined;
		if (listed)
			return (
				listed
					.split(', ')
					.map((column) => column.slice(column.indexOf('.') + 1))
					.join() === index.columns.map((c) => c.name).join()
			);
	}
	return false;
}
