import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * A fresh, empty PostgreSQL database of its own for one test file (or test), on the run's private
 * server; `drop()` removes it. Test files run in parallel: none shares a database.
 */
export async function createPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
	const adminUrl = inject('postgresUrl');
	const name = `t_${randomBytes(6).toString('hex')}`;
	await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
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
