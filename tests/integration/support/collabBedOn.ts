import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DocServerOptions } from '../../../server/collab/docServer';
import { openDatabase } from '../../../src/lib/server/db';
import { sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { docStoreOn } from '../../../src/lib/server/collab/docStoreOn';
import { loadActorOn } from '../../../src/lib/server/policies';
import { sessionCookieOn, startTestServerOn } from './collab';
import { copyToPostgres } from './copyToPostgres';
import type { TempData } from './data';
import { tempDatabase } from './db';
import { buildFixture, type ActorName } from './fixture';

/**
 * `collabTestBed` on either database: the fixture is built in a SQLite file (`buildFixture` writes
 * synchronously) and, for PostgreSQL, copied into a fresh database of its own; the document server
 * then stores documents and reads sessions and rights through `bed.data` alone. A test reads and
 * writes through `bed.data` too, so it says the same on both: `describe.each(DIALECTS)` around it.
 */
export function collabTestBedOn(dialect: Dialect, options: Partial<DocServerOptions> = {}, { serve = true }: { serve?: boolean } = {}) {
	const storage = tempDatabase();
	let postgres: TempData | undefined;
	const open: { close(): void }[] = [];
	const others: { close(): void }[] = [];
	// One handle for every hold of a file: each PostgreSQL handle is a pool of its own.
	let holder: Promise<Data> | undefined;
	const bed = {
		dialect,
		data: undefined as unknown as Data,
		fixture: undefined as unknown as Awaited<ReturnType<typeof buildFixture>>,
		server: undefined as unknown as Awaited<ReturnType<typeof startTestServerOn>>,
		track: <T extends { close(): void }>(client: T): T => (open.push(client), client),
		/** A signed-in person's cookie, the session stored where the server reads it. */
		cookie: (who: Exclude<ActorName, 'anonymous'>) => sessionCookieOn(bed.data, bed.fixture.ids[who]),
		actor: (who: Exclude<ActorName, 'anonymous'>) => loadActorOn(bed.data, bed.fixture.ids[who]),
		/**
		 * Keeps the server's appends to `docName` waiting until the returned function is called, as
		 * other work holding the store would: on SQLite a transaction of `bed.data` holding the one
		 * connection, on PostgreSQL the document's lock held from another handle (every append to the
		 * document takes it first, docStorePostgres.ts).
		 */
		async holdAppends(docName: string): Promise<() => Promise<void>> {
			let release!: () => void;
			const released = new Promise<void>((resolve) => (release = resolve));
			let held: Promise<void>;
			if (dialect === 'sqlite') held = bed.data.transaction(() => released);
			else {
				let locked!: () => void;
				const isLocked = new Promise<void>((resolve) => (locked = resolve));
				held = docStoreOn(await (holder ??= bed.another())).atomically(docName, async () => {
					locked();
					await released;
				});
				await isLocked;
			}
			return async () => {
				release();
				await held;
			};
		},
		/** Another handle on the same database, as a second process or instance would open it. */
		async another(): Promise<Data> {
			if (postgres) return postgres.another();
			const db = openDatabase(storage.file);
			others.push(db.$client);
			return sqliteData(db.$client);
		}
	};
	beforeAll(async () => {
		bed.fixture = await buildFixture(storage.db);
		if (dialect === 'postgres') postgres = await copyToPostgres(storage.db);
		bed.data = postgres?.data ?? sqliteData(storage.db.$client);
		// Without one (`serve: false`), a test starts the servers it needs, or reads what no server holds.
		if (serve) bed.server = await startTestServerOn(bed.data, options);
	}, 60_000);
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});
	afterAll(async () => {
		await bed.server?.stop();
		await postgres?.cleanup();
		for (const other of others) other.close();
		storage.cleanup();
	});
	return bed;
}
