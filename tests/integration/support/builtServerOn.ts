import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db';
import { openPostgresData, sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer, type BuiltServerOptions } from './builtServer';
import { createPostgresDatabase } from './postgres';

export interface BuiltServerOn {
	dialect: Dialect;
	server: BuiltServer;
	/** The server's own database, opened beside it: to read what it wrote and to set up what a test needs. */
	data: Data;
}

/**
 * The production server on a fresh demo database of the dialect, for `describe.each(DIALECTS)`:
 * a SQLite file, or a PostgreSQL database of its own (seeded by the server at start-up, as an
 * installation's first start does). Registers the suite's beforeAll/afterAll: one server per
 * suite, since starting one costs seconds (on PostgreSQL the demo's seed most of a minute on a
 * busy machine). `on.server` and `on.data` are there from the suite's first test.
 */
export function builtServerOn(dialect: Dialect, options: Omit<BuiltServerOptions, 'postgresUrl' | 'databaseFile'> = {}): BuiltServerOn {
	const on: BuiltServerOn = { dialect, server: undefined as unknown as BuiltServer, data: undefined as unknown as Data };
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let closeData = async () => {};
	beforeAll(async () => {
		if (dialect === 'postgres') postgres = await createPostgresDatabase();
		on.server = await startBuiltServer({ ...options, ...(postgres ? { postgresUrl: postgres.url } : {}) });
		if (postgres) {
			const pool = await openPostgresData(postgres.url, { max: 4 });
			on.data = pool;
			closeData = () => pool.close();
		} else {
			const db = openDatabase(on.server.databaseFile);
			on.data = sqliteData(db.$client);
			closeData = async () => void db.$client.close();
		}
	}, 180_000);
	afterAll(async () => {
		await closeData();
		// The database outlives the server's last statement: dropping it first would fail the server's shutdown.
		await on.server?.stop();
		await postgres?.drop();
	});
	return on;
}
