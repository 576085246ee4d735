// On PostgreSQL only: the statement timeout is a setting of PostgreSQL's connections.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPostgresData } from '../../../src/lib/server/db/client';
import { isPassing } from '../../../server/collab/persistence';
import { createPostgresDatabase } from '../support/postgres';

describe('PostgreSQL: a statement that hangs', () => {
	it('is ended by the statement timeout (30 s unless set) as a passing error, and the pool goes on', async () => {
		const database = await createPostgresDatabase();
		const standard = await openPostgresData(database.url);
		const quick = await openPostgresData(database.url, { statementTimeoutMs: 300 });
		try {
			expect(await standard.rows(sql`SHOW statement_timeout`)).toEqual([{ statement_timeout: '30s' }]);
			const started = Date.now();
			const error = await quick.rows(sql`SELECT pg_sleep(10)`).catch((caught: unknown) => caught);
			expect(error).toMatchObject({ code: '57014' });
			expect(Date.now() - started).toBeLessThan(9000);
			// The document server retries it, and clients reload, instead of marking the document broken.
			expect(isPassing(error)).toBe(true);
			expect(await quick.rows(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
		} finally {
			await Promise.all([standard.close(), quick.close()]);
			await database.drop();
		}
	});
});
