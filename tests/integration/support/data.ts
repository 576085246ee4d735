import { openPostgresData, sqliteData, type Data, type Dialect } from '../../../src/lib/server/db/client';
import { tempDatabase } from './db';
import { createPostgresDatabase } from './postgres';

/** Both databases the data layer runs on: `describe.each(DIALECTS)` runs a suite on each. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export interface TempData {
	data: Data;
	dialect: Dialect;
	/** Another handle on the same database: a second instance (its own pool or connection). */
	another(): Promise<Data>;
	cleanup(): Promise<void>;
	/** PostgreSQL: the database's address, for a process of its own (the built server's DATABASE_URL). */
	url?: string;
}

/**
 * A migrated, empty database of the given dialect behind the asynchronous data layer: a SQLite
 * file in a temp folder, or a fresh database on the run's private PostgreSQL server.
 */
export async function tempData(dialect: Dialect): Promise<TempData> {
	if (dialect === 'sqlite') {
		const storage = tempDatabase();
		const others: { close(): void }[] = [];
		return {
			data: sqliteData(storage.db.$client),
			dialect,
			async another() {
				const { openDatabase } = await import('../../../src/lib/server/db');
				const db = openDatabase(storage.file);
				others.push(db.$client);
				return sqliteData(db.$client);
			},
			async cleanup() {
				for (const other of others) other.close();
				storage.cleanup();
			}
		};
	}
	const database = await createPostgresDatabase();
	const handles: Data[] = [];
	const open = async () => {
		const data = await openPostgresData(database.url, { max: 8 });
		handles.push(data);
		return data;
	};
	const data = await open();
	return {
		data,
		dialect,
		url: database.url,
		another: open,
		async cleanup() {
			for (const handle of handles) await handle.close();
			await database.drop();
		}
	};
}
