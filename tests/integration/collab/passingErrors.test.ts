// No database: isPassing is a pure function, given here the error codes of both databases.
import { describe, expect, it } from 'vitest';
import { isPassing } from '../../../server/collab/persistence';

const withCode = (code: string, message = 'refused') => Object.assign(new Error(message), { code });

// A store error that is not passing marks the document broken until the server restarts; one that
// is passing is retried, or its clients are told to reload and come back.
describe('which store errors pass', () => {
	it('passes what may succeed a moment later on either database', () => {
		for (const error of [
			withCode('SQLITE_BUSY', 'database is locked'),
			withCode('08006', 'connection failure'),
			withCode('57014', 'canceling statement due to statement timeout'),
			withCode('53100', 'could not extend file: No space left on device'),
			withCode('53300', 'sorry, too many clients already'),
			withCode('40P01', 'deadlock detected'),
			withCode('ECONNRESET'),
			new Error('Connection terminated unexpectedly'),
			new Error('Client was closed and is not queryable'),
			new Error('Cannot use a pool after calling end on the pool'),
			new Error('timeout exceeded when trying to connect')
		]) {
			expect(isPassing(error), error.message).toBe(true);
		}
	});

	it('does not pass what concerns the stored document or the schema', () => {
		for (const error of [
			withCode('SQLITE_CORRUPT', 'database disk image is malformed'),
			withCode('XX001', 'invalid page in block'),
			withCode('42P01', 'relation "doc_updates" does not exist'),
			withCode('23505', 'duplicate key value violates unique constraint'),
			new Error('Unexpected end of array')
		]) {
			expect(isPassing(error), error.message).toBe(false);
		}
	});
});
