import { afterAll, beforeAll } from 'vitest';
import type { Dialect } from '../../../src/lib/server/db/client';

/**
 * For a suite of `describe.each(DIALECTS)` whose mails or pages carry signed links: on PostgreSQL
 * they are signed with JOBS_SECRET (there is no key file next to the database), so the suite sets
 * one while it runs and puts back what was there. On SQLite the key file is used, as before.
 */
export function jobsSecretOn(dialect: Dialect, secret = 'a test secret for the signed links') {
	const before = process.env.JOBS_SECRET;
	beforeAll(() => {
		if (dialect === 'postgres') process.env.JOBS_SECRET = secret;
	});
	afterAll(() => {
		if (before === undefined) delete process.env.JOBS_SECRET;
		else process.env.JOBS_SECRET = before;
	});
}
