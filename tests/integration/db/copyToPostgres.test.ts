// On both databases: it copies a SQLite fixture into PostgreSQL and compares them.
import { getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, sqliteData } from '../../../src/lib/server/db/client';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { copyToPostgres, SQLITE_TABLES, tablesOfSqliteFile } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';

// The fixture every policy test uses, and the demo, which fills most tables with real commands:
// together they give nearly every column something to carry across.
const storage = tempDatabase();
const db = storage.db;
let copy: TempData;
beforeAll(async () => {
	await buildFixture(db);
	await seedDemo(sqliteData(db.$client), 'http://localhost:3000');
	copy = await copyToPostgres(db);
}, 120_000);
afterAll(async () => {
	await copy?.cleanup();
	storage.cleanup();
});

const SAMPLE = 200;
/** A row as one string, to put both sides in the same order (neither database promises one without ORDER BY). */
const key = (row: unknown) => JSON.stringify(row);
const sorted = <Row>(rows: Row[]) =>
	rows
		.map((row) => [key(row), row] as const)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, row]) => row);

describe('copyToPostgres', () => {
	it('copies as many rows as SQLite holds into every table of the SQLite file', async () => {
		const tables = tablesOfSqliteFile(db);
		const counts = { sqlite: {} as Record<string, number>, postgres: {} as Record<string, number> };
		for (const name of tables) {
			counts.sqlite[name] = db.$client.prepare(`select count(*) from "${name}"`).pluck().get() as number;
			const [row] = await copy.data.rows<{ n: string }>(sql`select count(*) as n from ${sql.identifier(name)}`);
			counts.postgres[name] = Number(row.n);
		}
		expect(counts.postgres).toEqual(counts.sqlite);
		// Not a comparison of empty tables: the fixture and the demo fill most of them.
		expect(Object.values(counts.sqlite).filter((n) => n > 0).length).toBeGreaterThan(40);
	});

	it('gives back the same values through the app’s schema on both, column by column', async () => {
		const target = copy.data.t as unknown as Record<string, PgTable>;
		for (const [name, table] of SQLITE_TABLES) {
			const fromSqlite = sorted(db.select().from(table).all()).slice(0, SAMPLE);
			const fromPostgres = sorted((await copy.data.q.select().from(target[name])) as unknown[]).slice(0, SAMPLE);
			expect({ table: getTableName(table), rows: fromPostgres }).toEqual({ table: getTableName(table), rows: fromSqlite });
		}
	});

	it('numbers the next appended row after the copied ones', async () => {
		const { auditLog } = copy.data.t;
		const before = db.$client.prepare('select max(seq) from audit_log').pluck().get() as number;
		expect(before).toBeGreaterThan(0);
		const [row] = await copy.data.q.insert(auditLog).values({ action: 'test.copied', subjectType: 'test', subjectId: 'x' }).returning({ seq: auditLog.seq });
		expect(row.seq).toBe(before + 1);
	});

	it('leaves foreign keys and the append-only triggers in force after the copy', async () => {
		const { conferenceMemberships, auditLog } = copy.data.t;
		const unknownPerson = copy.data.q.insert(conferenceMemberships).values({ conferenceId: 'nowhere', personId: 'nobody', role: 'guest' });
		await expect(unknownPerson).rejects.toSatisfy((error) => errorCode(error) === '23503');
		await expect(copy.data.q.delete(auditLog)).rejects.toSatisfy((error) => errorCode(error) === '23001');
	});

	it('refuses a SQLite file with rows in a table the schema does not know, naming it', async () => {
		const other = tempDatabase();
		try {
			other.db.$client.exec('create table forgotten (id text primary key); insert into forgotten values (1)');
			await expect(copyToPostgres(other.db)).rejects.toThrow('not in the SQLite schema cannot be copied: forgotten');
		} finally {
			other.cleanup();
		}
	});
});
