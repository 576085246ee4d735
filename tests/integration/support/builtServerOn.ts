import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/db';
import { openPostgresData, sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { startBuiltServer, type BuiltServer, type BuiltServerOptions } from './builtServer';
import { createPostgresDatabase } from './postgres';

type Env = Record<string, string>;

export interface BuiltServerOnOptions extends Omit<BuiltServerOptions, 'databaseFile' | 'postgresUrl' | 'env'> {
	/** What `npm start` reads from the environment; a function when it is known only once the suite runs (an SMTP sink's address). */
	env?: Env | (() => Env);
}

export interface BuiltServerOn {
	dialect: Dialect;
	/** The first server, started in the suite's beforeAll. */
	server: BuiltServer;
	/** Every server started, the first one first. */
	servers: BuiltServer[];
	/** What the test reads and writes beside the server, as another process of ours would: a connection to its file, or a pool on its database. */
	data: Data;
	/** Starts the production server again on the suite's database, with the suite's env; after a kill, give it the killed one's port. */
	serve(options?: Omit<BuiltServerOptions, 'databaseFile' | 'postgresUrl' | 'env'>): Promise<BuiltServer>;
}

/**
 * The production server on a database of the suite's own, for `describe.each(DIALECTS)`: a fresh
 * SQLite file, or a fresh PostgreSQL database (seeded by the server at start-up, as an
 * installation's first start does, unless the env says SEED_DEMO=false). Registers the suite's
 * beforeAll/afterAll: one server per suite, since starting one costs seconds (on PostgreSQL the
 * demo's seed most of a minute on a busy machine). `on.server` and `on.data` are there from the
 * suite's first test; every server started is stopped at the end (a killed one too: that removes
 * what it kept on disk), then the database is dropped.
 */
export function builtServerOn(dialect: Dialect, options: BuiltServerOnOptions = {}): BuiltServerOn {
	const { env = {}, ...serverOptions } = options;
	let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
	let file: Db | undefined;
	const on: BuiltServerOn = {
		dialect,
		get server() {
			return on.servers[0];
		},
		servers: [],
		data: undefined as unknown as Data,
		async serve(again = {}) {
			// A restart keeps the first server's folder (on PostgreSQL its DATA_DIR, with the demo's links); the first server's stop removes it, last.
			const where = {
				...(postgres ? { postgresUrl: postgres.url } : {}),
				...(on.servers.length > 0 ? { databaseFile: on.servers[0].databaseFile } : {})
			};
			const started = await startBuiltServer({ ...serverOptions, ...again, ...where, env: typeof env === 'function' ? env() : env });
			on.servers.push(started);
			return started;
		}
	};
	beforeAll(async () => {
		if (dialect === 'postgres') postgres = await createPostgresDatabase();
		const started = await on.serve();
		if (postgres) on.data = await openPostgresData(postgres.url, { max: 4 });
		else {
			file = openDatabase(started.databaseFile);
			on.data = sqliteData(file.$client);
		}
	}, 240_000);
	afterAll(async () => {
		if (postgres) await on.data?.close();
		file?.$client.close();
		// The database outlives the servers' last statements: dropping it first would fail their shutdown.
		for (const server of [...on.servers].reverse()) await server.stop();
		await postgres?.drop();
	});
	return on;
}
