import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migratePostgres, postgresMigrationsFolder } from '../../../src/lib/server/db/postgres';

/**
 * The run's migrated template on the PostgreSQL server at `adminUrl`, made once by Vitest's global
 * setup (`services.ts`): every test database is a copy of it (`createPostgresDatabase`), so a test
 * file no longer spends a second and a half migrating an empty database. Migrated by
 * `migratePostgres`, the code every instance runs at start-up, so the copies are what production
 * has after its start.
 *
 * It is named after a hash of the migration files, rather than dropped and made again at the start
 * of each run: a developer's TEST_POSTGRES_URL server outlives runs and is shared by the runs of
 * several checkouts at once, each perhaps with other migrations, and dropping a template that
 * another run is copying would break that run. Under a hash, the runs of the same migrations share
 * one template, a run of changed migrations makes its own, and a template of old migrations is
 * never used again (nor removed: a few megabytes on a developer's server).
 *
 * Only a finished template carries the name: it is built under a name of its own and renamed at
 * the end, so a run that finds the name finds it migrated. When two runs build it at the same time,
 * the second rename fails and that run drops its copy and uses the first one's.
 */
export async function migratedTemplate(adminUrl: string): Promise<string> {
	const name = `tmpl_${migrationsHash()}`;
	const { rows } = await admin(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
	if (rows.length) return name;
	const building = `${name}_${randomBytes(4).toString('hex')}`;
	await admin(adminUrl, `CREATE DATABASE ${building}`);
	try {
		await migratePostgres(databaseUrl(adminUrl, building));
		// PostgreSQL copies a database only while no one else is connected to it, and a test that
		// connected to the template would make every other file's copy fail. So it takes no
		// connections at all, not even the superuser's; the migration's own connection is closed.
		await admin(adminUrl, `ALTER DATABASE ${building} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
		await admin(adminUrl, `ALTER DATABASE ${building} RENAME TO ${name}`);
	} catch (error) {
		await admin(adminUrl, `ALTER DATABASE ${building} WITH IS_TEMPLATE false`).catch(() => undefined);
		await admin(adminUrl, `DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
		// 42P04 duplicate_database: another run finished the same template first.
		if ((error as { code?: string }).code === '42P04') return name;
		throw error;
	}
	return name;
}

/** The address of database `name` on the server at `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/**
 * Every file of the migrations folder (the SQL and drizzle's journal), by path and content, and
 * what applies them: drizzle-orm's version (its migrator writes the bookkeeping a copy is checked
 * against) and our module that calls it.
 */
function migrationsHash(): string {
	const folder = postgresMigrationsFolder();
	const hash = createHash('sha256');
	hash.update(JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'drizzle-orm', 'package.json'), 'utf8')).version).update('\0');
	hash.update(readFileSync(join(process.cwd(), 'src', 'lib', 'server', 'db', 'postgres.ts'))).update('\0');
	const files = readdirSync(folder, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => join(entry.parentPath, entry.name))
		.sort();
	for (const file of files) hash.update(file.slice(folder.length)).update('\0').update(readFileSync(file)).update('\0');
	return hash.digest('hex').slice(0, 16);
}

async function admin(url: string, statement: string, values: unknown[] = []): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await client.query(statement, values);
	} finally {
		await client.end();
	}
}
