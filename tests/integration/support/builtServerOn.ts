import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../../src/lib/server/db';
import { openPostgresData, sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer, type BuiltServerOptions } from './builtServer';
import { createPostgresDatabase } from './postgres';

export interface BuiltServerOn {
	dialect: Dialect;
	/** The production build, on a fresh database it migrated and seeded with the demo. */
	server: BuiltServer;
	/** What the server stores, read and written beside it: a second connection to its file, or a small pool on its database. */
	data: Data;
}

/**
 * `startBuiltServer` on either database, for `describe.each(DIALECTS)`: on SQLite a fresh file, on
 * PostgreSQL a fresh database of its own (seeded by the server at start-up, as an empty file is).
 * Registers its own beforeAll/afterAll, so one server runs per dialect per file; `on.server` and
 * `on.data` are there from the suite's first test. `databaseFile` and `postgresUrl` are its to choose.
 */
export function builtServerOn(dialect: Dialect, options: Omit<BuiltServerOptions, 'databaseFile' | 'postgresUrl'> = {}): BuiltServerOn {
	const on: BuiltServerOn = { dialect, server: undefined as unknown as BuiltServer, data: undefined as unknown as Data };
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let close = async () => {};
	beforeAll(async () => {
		if (dialect === 'postgres') postgres = await createPostgresDatabase();
		on.server = await startBuiltServer({ ...options, ...(postgres ? { postgresUrl: postgres.url } : {}) });
		if (postgres) {
			const pool = await openPostgresData(postgres.url, { max: 2 });
			on.data = pool;
			close = () => pool.close();
		} else {
			const file = openDatabase(on.server.databaseFile);
			on.data = sqliteData(file.$client);
			close = async () => void file.$client.close();
		}
		// Seeding the demo over a PostgreSQL connection takes a minute and more on a busy machine.
	}, 240_000);
	afterAll(async () => {
		await close();
		await on.server?.stop();
		await postgres?.drop();
	});
	return on;
}
