// On SQLite only: the synchronous and the asynchronous layer share SQLite's one connection; on PostgreSQL there is a pool and no synchronous layer.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../../src/lib/server/db/schema';
import { sqliteData } from '../../../src/lib/server/db/client';
import { tempDatabase } from '../support/db';

// While the app moves onto the asynchronous layer, the synchronous one shares its SQLite connection
// (db/sqliteConnection.ts). A synchronous transaction that ran in a gap of an asynchronous one
// would silently join it and be rolled back with it; it must be refused instead.
describe('the synchronous and the asynchronous layer on one SQLite connection', () => {
	let storage: ReturnType<typeof tempDatabase>;
	beforeEach(() => {
		storage = tempDatabase();
	});
	afterEach(() => storage.cleanup());
	const T = new Date(1_780_000_000_000);

	it('refuses a synchronous transaction from other work while an asynchronous one holds the connection, and keeps both apart', async () => {
		const { db } = storage;
		const data = sqliteData(db.$client);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const failing = data.transaction(async (tx) => {
			await tx.insert(data.t.people).values({ id: 'async', displayName: 'async', createdAt: T });
			await gate;
			throw new Error('rolled back');
		});
		await new Promise((resolve) => setTimeout(resolve, 5));
		// Other work (a request on the synchronous layer) in the gap:
		expect(() => db.transaction((tx) => tx.insert(people).values({ id: 'sync', displayName: 'sync', createdAt: T }).run())).toThrow(/asynchronous one holds the connection/);
		expect(() => db.insert(people).values({ id: 'plain', displayName: 'plain', createdAt: T }).run()).toThrow(/asynchronous transaction holds the connection/);
		expect(() => db.select().from(people).all()).toThrow(/asynchronous transaction holds the connection/);
		release();
		await expect(failing).rejects.toThrow('rolled back');
		expect(db.select().from(people).all()).toEqual([]);
		// Once it ended, the synchronous layer works as before.
		db.transaction((tx) => tx.insert(people).values({ id: 'sync', displayName: 'sync', createdAt: T }).run());
		expect(db.select({ id: people.id }).from(people).all()).toEqual([{ id: 'sync' }]);
	});

	it('lets the asynchronous transaction call synchronous code that opens a transaction: a savepoint in it', async () => {
		const { db } = storage;
		const data = sqliteData(db.$client);
		await expect(
			data.transaction(async () => {
				db.transaction((tx) => tx.insert(people).values({ id: 'inner', displayName: 'inner', createdAt: T }).run());
				expect(db.select().from(people).where(eq(people.id, 'inner')).all()).toHaveLength(1);
				throw new Error('outer fails');
			})
		).rejects.toThrow('outer fails');
		expect(db.select().from(people).all()).toEqual([]);
	});

	it('is one handle per connection: a second call gives the same mutex', () => {
		expect(sqliteData(storage.db.$client)).toBe(sqliteData(storage.db.$client));
	});
});
