import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../../src/lib/server/db';
import { sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { copyToPostgres } from './copyToPostgres';
import type { TempData } from './data';
import { tempDatabase } from './db';
import { buildFixture } from './fixture';

export type Fixture = Awaited<ReturnType<typeof buildFixture>>;

export interface FixtureOn {
	dialect: Dialect;
	/** The database the suite reads and writes: the SQLite file, or its PostgreSQL copy. */
	data: Data;
	fixture: Fixture;
	/** The SQLite file the fixture was built in (on PostgreSQL, the source of the copy): for a second connection on it. */
	file: string;
	/** That file's own connection, which `data` runs on on SQLite: for what only it tells, such as whether a transaction is open. */
	db: Db;
}

/**
 * The handle the pages and endpoints of the suite that runs now read through `getData()`. A test
 * file that calls loads or endpoints mocks `getData` to return it (vi.mock is per file):
 *
 *     vi.mock('../../src/lib/server/db/data', async (original) => ({
 *       ...(await original<typeof import('../../src/lib/server/db/data')>()),
 *       getData: () => pagesData()
 *     }));
 *
 * The process's own `getData()` serves one database, opened once at start-up, on PostgreSQL by
 * `openData()` from DATABASE_URL; a suite's copy is a fresh database of its own, so the pages
 * are pointed at it here instead.
 */
export function pagesData(): Data {
	if (!current) throw new Error('pagesData: no fixtureOn suite is running');
	return current;
}
let current: Data | undefined;

/**
 * `buildFixture` on either database, for `describe.each(DIALECTS)`: built in a SQLite file (the
 * fixture writes synchronously) and, for PostgreSQL, copied into a fresh database of its own. The
 * suite reads and writes through `on.data` alone, so it says the same on both. Registers its own
 * beforeAll/afterAll; `on.data` and `on.fixture` are there from the suite's first test.
 */
export function fixtureOn(dialect: Dialect): FixtureOn {
	const storage = tempDatabase();
	let postgres: TempData | undefined;
	const on: FixtureOn = {
		dialect,
		data: undefined as unknown as Data,
		fixture: undefined as unknown as Fixture,
		file: storage.file,
		db: storage.db
	};
	beforeAll(async () => {
		on.fixture = await buildFixture(storage.db);
		if (dialect === 'postgres') postgres = await copyToPostgres(storage.db);
		on.data = postgres?.data ?? sqliteData(storage.db.$client);
		current = on.data;
	}, 60_000);
	afterAll(async () => {
		if (current === on.data) current = undefined;
		await postgres?.cleanup();
		storage.cleanup();
	});
	return on;
}
