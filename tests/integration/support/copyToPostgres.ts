import { getTableColumns, getTableName, is, sql, Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openPostgresData, sqliteData, type Data } from '../../../src/lib/server/db/client';
import type { Db } from '../../../src/lib/server/db';
import * as sqliteSchema from '../../../src/lib/server/db/schema';
import type { TempData } from './data';
import { createPostgresDatabase } from './postgres';

/**
 * PostgreSQL allows 65,535 parameters a statement; an insert of rows binds one a column, so a big
 * table goes in chunks of this many values.
 */
const PARAMETERS_PER_INSERT = 30_000;

/** The SQLite schema's tables by export name: what the copy reads, and the name it looks up in `data.t`. */
export const SQLITE_TABLES = Object.entries(sqliteSchema as Record<string, unknown>).filter((entry): entry is [string, SQLiteTable] => is(entry[1], Table));

/**
 * A fresh PostgreSQL database holding exactly the rows of a SQLite test database, so a test that
 * builds its data with the synchronous commands (`buildFixture(db)`, `seedDemo`) can run the same
 * query on both and compare. Migrated by `openPostgresData`, filled table by table through drizzle:
 * each read with the SQLite schema and written with `data.t`'s table of the same export name, which
 * give the app the same JS values (schemaLockstep.test.ts), so a Date, boolean, JSON or Buffer
 * arrives as itself. Foreign keys and triggers are out of the way during the copy (the rows were
 * consistent in SQLite, and tables go in any order); identity sequences are set past the copied
 * numbers, so the next row inserted gets a new one.
 *
 * A table in the SQLite file that holds rows but is not in the schema cannot be copied: it fails
 * here, with its name, rather than leave a test comparing against a database missing its rows.
 */
export async function copyToPostgres(db: Db): Promise<TempData> {
	refuseTablesOutsideTheSchema(db);
	const database = await createPostgresDatabase();
	const handles: Data[] = [];
	const open = async () => {
		const data = await openPostgresData(database.url, { max: 8 });
		handles.push(data);
		return data;
	};
	const cleanup = async () => {
		for (const handle of handles) await handle.close();
		await database.drop();
	};
	try {
		const data = await open();
		await copyRows(db, data);
		await setSequencesPastCopiedRows(data);
		return { data, dialect: 'postgres', another: open, cleanup, url: database.url };
	} catch (error) {
		await cleanup();
		throw error;
	}
}

/** The SQLite handle and a PostgreSQL copy of the same rows: a query run on both should answer alike. */
export async function onBothDialects(db: Db): Promise<{ sqlite: Data; postgres: TempData }> {
	return { sqlite: sqliteData(db.$client), postgres: await copyToPostgres(db) };
}

/** Every table of a SQLite file, by its SQL name, but SQLite's and the migrator's own. */
export function tablesOfSqliteFile(db: Db): string[] {
	return db.$client
		.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_drizzle%' escape '\\'`)
		.pluck()
		.all() as string[];
}

function refuseTablesOutsideTheSchema(db: Db): void {
	const known = new Set(SQLITE_TABLES.map(([, table]) => getTableName(table)));
	const left = tablesOfSqliteFile(db).filter((name) => !known.has(name) && db.$client.prepare(`select exists (select 1 from "${name}")`).pluck().get() === 1);
	if (left.length) throw new Error(`copyToPostgres: tables with rows that are not in the SQLite schema cannot be copied: ${left.join(', ')}`);
}

async function copyRows(db: Db, data: Data): Promise<void> {
	const target = data.t as unknown as Record<string, PgTable | undefined>;
	await data.transaction(async (tx) => {
		// Replica mode fires no ordinary triggers, and foreign keys are triggers: rows go in table by
		// table in any order, and the append-only guards stay out of a copy. LOCAL: it ends with the
		// transaction, so the tests' own statements meet every key and trigger. Needs a superuser,
		// which the test server's role is.
		await data.execute(sql`SET LOCAL session_replication_role = replica`, tx);
		for (const [name, table] of SQLITE_TABLES) {
			const pgTable = target[name];
			if (!pgTable) throw new Error(`copyToPostgres: the SQLite table ${name} has no table of that name in schema-pg`);
			const rows = db.select().from(table).all() as Record<string, unknown>[];
			if (!rows.length) continue;
			// GENERATED ALWAYS identities (`seq`) take a given value only when told to.
			const identity = Object.values(getTableColumns(pgTable)).some((column) => column.generatedIdentity?.type === 'always');
			const chunk = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Object.keys(getTableColumns(table)).length));
			for (let from = 0; from < rows.length; from += chunk) {
				const values = rows.slice(from, from + chunk) as never[];
				if (identity) await tx.insert(pgTable).overridingSystemValue().values(values);
				else await tx.insert(pgTable).values(values);
			}
		}
	});
}

/** Every identity or serial column's sequence continues after the largest number copied. */
async function setSequencesPastCopiedRows(data: Data): Promise<void> {
	const columns = await data.rows<{ table_name: string; column_name: string }>(
		sql`select table_name, column_name from information_schema.columns
			where table_schema = 'public' and (is_identity = 'YES' or column_default like 'nextval(%')`
	);
	for (const { table_name: table, column_name: column } of columns) {
		await data.rows(
			sql`select setval(pg_get_serial_sequence(${`"${table}"`}, ${column}), coalesce((select max(${sql.identifier(column)}) from ${sql.identifier(table)}), 0) + 1, false)`
		);
	}
}
