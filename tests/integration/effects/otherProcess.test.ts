// On SQLite only: it tests the write lock SQLite takes at BEGIN IMMEDIATE; writers on PostgreSQL meet in `data/invariants` and `data/transaction`.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { people } from '../../../src/lib/server/db/schema';
import { sqliteData } from '../../../src/lib/server/db/client';
import { transactOn } from '../../../src/lib/server/effects';
import { tempDatabase } from '../support/db';

// Several instances write one SQLite file (WAL). A command reads, then writes; another process
// may commit in between. A transaction begun DEFERRED holds a read snapshot that is stale then,
// and its first write fails at once with SQLITE_BUSY (busy_timeout does not wait for that): the
// cluster's second instance answered votes with 500 that way. `transactOn` takes the write lock at
// BEGIN, so the other process waits (or gives up) instead, and the command goes through.
const { db, file, cleanup } = tempDatabase();
afterAll(cleanup);

describe('a command while another process writes the same file', () => {
	it('commits, however the other process times its write', async () => {
		const other = new Database(file);
		// The other process gives up at once where it would otherwise wait for the lock.
		other.pragma('busy_timeout = 0');
		const insertElsewhere = other.prepare('INSERT INTO people (id, display_name, preferred_locale, prefers_easy_language, created_at) VALUES (?, ?, ?, 0, ?)');
		let otherRefused = false;
		try {
			const data = sqliteData(db.$client);
			await transactOn(data, async (tx) => {
				await tx.select().from(data.t.people);
				// Between this command's read and its write, the other process writes.
				try {
					insertElsewhere.run('elsewhere00000001', 'Anderswo', 'de', Date.now());
				} catch (error) {
					otherRefused = (error as { code?: string }).code === 'SQLITE_BUSY';
				}
				await tx
					.insert(data.t.people)
					.values({ id: 'here000000000001', displayName: 'Hier', preferredLocale: 'de', prefersEasyLanguage: false, createdAt: new Date() });
			});
		} finally {
			other.close();
		}
		// The command holds the lock from its start: the other one had to wait its turn.
		expect(otherRefused).toBe(true);
		const names = db
			.select({ name: people.displayName })
			.from(people)
			.all()
			.map((p) => p.name);
		expect(names).toContain('Hier');
		expect(names).not.toContain('Anderswo');
	});
});
