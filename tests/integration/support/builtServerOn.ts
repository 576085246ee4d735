import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/db';
import { openPostgresData, sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer, type BuiltServerOptions } from './builtServer';
import { createPostgresDatabase } from './postgres';

export interface BuiltServerOn {
	/** What the test reads and writes beside the server, as another process of ours would: a connection to its file, or a pool on its database. */
	data: Data;
	/** Every server started, the first one (started in beforeAll) first. */
	servers: BuiltServer[];
	/** Starts the production server (again) on the suite's database, with the suite's env; after a kill, give it the port of the one killed. */
	serve(options?: Omit<BuiltServerOptions, 'databaseFile' | 'postgresUrl' | 'env'>): Promise<BuiltServer>;
}

/**
 * The production server on a database of the suite's own, for `describe.each(DIALECTS)`: a fresh
 * SQLite file, or a fresh PostgreSQL database; started once in the suite's beforeAll, every server
 * started stopped in its afterAll (a killed one too: that removes what it kept on disk), the
 * database dropped. `on.data` and `on.servers[0]` are there from the suite's first test.
 */
export function builtServerOn(dialect: Dialect, env: () => Record<string, string> = () => ({})): BuiltServerOn {
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let file: Db | undefined;
	const on: BuiltServerOn = {
		data: undefined as unknown as Data,
		servers: [],
		async serve(options = {}) {
			const where = postgres ? { postgresUrl: postgres.url } : on.servers.length > 0 ? { databaseFile: on.servers[0].databaseFile } : {};
			const started = await startBuiltServer({ ...options, ...where, env: env() });
			on.servers.push(started);
			return started;
		}
	};
	beforeAll(async () => {
		if (dialect === 'postgres') postgres = await createPostgresDatabase();
		const started = await on.serve();
		if (postgres) on.data = await openPostgresData(postgres.url, { max: 2 });
		else {
			file = openDatabase(started.databaseFile);
			on.data = sqliteData(file.$client);
		}
	}, 180_000);
	afterAll(async () => {
		if (postgres) await on.data?.close();
		file?.$client.close();
		for (const server of [...on.servers].reverse()) await server.stop();
		await postgres?.drop();
	});
	return on;
}
