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
