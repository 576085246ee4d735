import { afterAll, beforeAll } from 'vitest';

/**
 * Sets JOBS_SECRET for the suite it is called in (a file, or one dialect's `describe`) and puts
 * back what was there after it. On PostgreSQL a mailed link's token and an answer link are sealed
 * and signed with JOBS_SECRET (there is no key file next to a database file); on SQLite the same
 * secret takes the key file's place. Called in a PostgreSQL suite alone
 * (`if (dialect === 'postgres') useJobsSecret()`), the SQLite run keeps its key file, as production does.
 */
export function useJobsSecret(secret = 'a test secret for sealed tokens') {
	let before: string | undefined;
	beforeAll(() => {
		before = process.env.JOBS_SECRET;
		process.env.JOBS_SECRET = secret;
	});
	afterAll(() => {
		if (before === undefined) delete process.env.JOBS_SECRET;
		else process.env.JOBS_SECRET = before;
	});
}
