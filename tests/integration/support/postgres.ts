import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl } from './postgresTemplate';

/**
 * A PostgreSQL database of its own for one test file (or test), on the run's private server;
 * `drop()` removes it. Test files run in parallel: none shares a database.
 *
 * It is a copy of the run's migrated template (`postgresTemplate.ts`), so opening it
 * (`openPostgresData`, `migratePostgres`) still checks the migrations but finds them all applied.
 * `empty: true` gives an empty, unmigrated one instead, for a test of the migrations themselves or
 * of a start-up on an empty database. Copies of the template may be made at the same moment: the
 * template takes no connections, and PostgreSQL refuses to copy only a database someone is
 * connected to.
 */
export async function createPostgresDatabase(options: { empty?: boolean } = {}): Promise<{ url: string; name: string; drop(): Promise<void> }> {
	const adminUrl = inject('postgresUrl');
	const name = `t_${randomBytes(6).toString('hex')}`;
	const template = options.empty ? '' : ` TEMPLATE ${inject('postgresTemplate')}`;
	await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}${template}`));
	return {
		url: databaseUrl(adminUrl, name),
		name,
		drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined)
	};
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}
