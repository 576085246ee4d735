import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { first } from '../../../src/lib/server/db/client';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { messagesOf } from '../support/errors';

const T = new Date(1_780_000_000_000);


describe.each(DIALECTS)('data.transaction on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const addPerson = (id: string) => {
		const { data } = db;
		return data.q.insert(data.t.people).values({ id, displayName: id, createdAt: T });
	};
	const names = async () => (await db.data.q.select({ id: db.data.t.people.id }).from(db.data.t.people).orderBy(db.data.t.people.id)).map((r) => r.id);

	it('commits what the callback wrote when it resolves', async () => {
		const { data } = db;
		await data.transaction(async (tx) => {
			await tx.insert(data.t.people).values({ id: 'anna', displayName: 'Anna', createdAt: T });
			await tx.update(data.t.people).set({ displayName: 'Anna K.' }).where(eq(data.t.people.id, 'anna'));
		});
		const row = first(await data.q.select().from(data.t.people).where(eq(data.t.people.id, 'anna')));
		expect(row?.displayName).toBe('Anna K.');
		expect(row?.createdAt).toEqual(T);
	});

	it('rolls back everything when the callback throws after awaiting, and rethrows', async () => {
		const { data } = db;
		await expect(
			data.transaction(async (tx) => {
				await tx.insert(data.t.people).values({ id: 'ben', displayName: 'Ben', createdAt: T });
				await new Promise((resolve) => setTimeout(resolve, 5));
				await tx.insert(data.t.people).values({ id: 'cem', displayName: 'Cem', createdAt: T });
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await names()).toEqual([]);
	});

	it('a nested transaction that fails rolls back only itself', async () => {
		const { data } = db;
		await data.transaction(async (tx) => {
			await tx.insert(data.t.people).values({ id: 'outer', displayName: 'Outer', createdAt: T });
			await expect(
				data.transaction(async (inner) => {
					await inner.insert(data.t.people).values({ id: 'inner', displayName: 'Inner', createdAt: T });
					throw new Error('inner refused');
				})
			).rejects.toThrow('inner refused');
			await data.transaction(async (inner) => {
				await inner.insert(data.t.people).values({ id: 'kept', displayName: 'Kept', createdAt: T });
			});
		});
		expect(await names()).toEqual(['kept', 'outer']);
	});

	it('a failed statement (unique key) inside rolls back the whole transaction', async () => {
		const { data } = db;
		await addPerson('dora');
		await expect(
			data.transaction(async (tx) => {
				await tx.insert(data.t.people).values({ id: 'emil', displayName: 'Emil', createdAt: T });
				await tx.insert(data.t.people).values({ id: 'dora', displayName: 'Dora again', createdAt: T });
			})
		).rejects.toThrow();
		expect(await names()).toEqual(['dora']);
	});

	it('concurrent read-then-write transactions do not interleave: no update is lost', async () => {
		const { data } = db;
		await data.q.insert(data.t.people).values({ id: 'counter', displayName: '0', createdAt: T });
		const other = await db.another();
		const increment = (handle: typeof data) =>
			handle.transaction(
				async (tx) => {
					const row = first(await tx.select({ n: handle.t.people.displayName }).from(handle.t.people).where(eq(handle.t.people.id, 'counter')));
					await new Promise((resolve) => setTimeout(resolve, 1));
					await tx
						.update(handle.t.people)
						.set({ displayName: String(Number(row?.n) + 1) })
						.where(eq(handle.t.people.id, 'counter'));
				},
				{ isolation: 'serializable' }
			);
		// Within one handle (SQLite: the mutex; PostgreSQL: serializable, retried) and across two.
		// Eight at once: a row every writer wants is a case for a row lock (db/locks.ts); this shows
		// that serializable transactions lose no update, and the retry that makes them usable.
		await Promise.all(Array.from({ length: 8 }, (_, i) => increment(dialect === 'sqlite' || i % 2 === 0 ? data : other)));
		const row = first(await data.q.select({ n: data.t.people.displayName }).from(data.t.people).where(eq(data.t.people.id, 'counter')));
		expect(row?.n).toBe('8');
	});

	it('a statement outside the transaction sees only what was committed', async () => {
		const { data } = db;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const running = data.transaction(async (tx) => {
			await tx.insert(data.t.people).values({ id: 'fritz', displayName: 'Fritz', createdAt: T });
			await gate;
		});
		await new Promise((resolve) => setTimeout(resolve, 10));
		let answered = false;
		const seen = names().then((rows) => ((answered = true), rows));
		if (dialect === 'postgres') {
			// Another connection, which answers with what is committed while the transaction is still
			// open (awaited, not timed: a pool slow to connect under load only makes it later).
			try {
				expect(await seen).toEqual([]);
			} finally {
				// Ended either way, so a failure here leaves no transaction open for the cleanup.
				release();
				await running;
			}
			return;
		}
		// SQLite: one connection, which would show the uncommitted row: the read waits for the commit.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(answered).toBe(false);
		release();
		await running;
		expect(await seen).toEqual(['fritz']);
	});

	it('a nested transaction left running after its outer one failed touches nothing of the next transaction', async () => {
		const { data } = db;
		const add = (tx: typeof data.q, id: string) => tx.insert(data.t.people).values({ id, displayName: id, createdAt: T });
		let leftRunning: Promise<unknown> | undefined;
		await expect(
			data.transaction(async () => {
				leftRunning = data.transaction(async (inner) => {
					await new Promise((resolve) => setTimeout(resolve, 30));
					await add(inner, 'late');
				});
				leftRunning.catch(() => {});
				throw new Error('outer fails at once');
			})
		).rejects.toThrow('outer fails at once');
		await data.transaction(async (tx) => {
			await add(tx, 'kept');
			await expect(
				data.transaction(async (inner) => {
					await add(inner, 'undone');
					await new Promise((resolve) => setTimeout(resolve, 60));
					throw new Error('inner fails');
				})
			).rejects.toThrow('inner fails');
		});
		expect(await leftRunning?.then(() => 'committed', messagesOf)).toMatch(/outlived|after its transaction ended/);
		expect(await names()).toEqual(['kept']);
		// Nor does it open a transaction of its own when it starts only after its outer one ended.
		let late: Promise<unknown> | undefined;
		await data.transaction(async () => {
			late = new Promise((resolve) => setTimeout(resolve, 10)).then(() => data.transaction((tx) => add(tx, 'escaped')));
			late.catch(() => {});
		});
		expect(await late?.then(() => 'committed', messagesOf)).toMatch(/outlived/);
		expect(await names()).toEqual(['kept']);
	});

	it('refuses transaction control outside data.transaction: drizzle\'s own transaction, BEGIN as a statement', async () => {
		const { data } = db;
		const { sql } = await import('drizzle-orm');
		const own = (data.q as unknown as { transaction(fn: (tx: unknown) => Promise<void>): Promise<void> }).transaction(async () => {});
		await expect(own).rejects.toThrow();
		await expect(data.execute(sql`BEGIN`)).rejects.toThrow(/transaction control/);
		await expect(data.transaction((tx) => data.execute(sql`COMMIT`, tx))).rejects.toThrow(/transaction control/);
		// Nothing was left open: the next transaction and statement work.
		await data.transaction((tx) => tx.insert(data.t.people).values({ id: 'after', displayName: 'after', createdAt: T }));
		expect(await names()).toEqual(['after']);
	});

	it('committed: runs once after the commit, never after a rollback or for a savepoint; its error does not undo the commit', async () => {
		const { data } = db;
		const calls: string[] = [];
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		await data.transaction(
			async (tx) => {
				await data.transaction(async (inner) => void (await inner.insert(data.t.people).values({ id: 'jo', displayName: 'Jo', createdAt: T })), {
					committed: () => calls.push('savepoint')
				});
				await tx.insert(data.t.people).values({ id: 'kim', displayName: 'Kim', createdAt: T });
			},
			{ committed: () => calls.push('commit') }
		);
		await expect(
			data.transaction(
				async () => {
					throw new Error('no');
				},
				{ committed: () => calls.push('rollback') }
			)
		).rejects.toThrow('no');
		await expect(
			data.transaction(async (tx) => void (await tx.insert(data.t.people).values({ id: 'lou', displayName: 'Lou', createdAt: T })), {
				committed: () => {
					throw new Error('after');
				}
			})
		).resolves.toBeUndefined();
		expect(calls).toEqual(['commit']);
		expect(await names()).toEqual(['jo', 'kim', 'lou']);
		expect(logged).toHaveBeenCalledWith('after a commit', expect.any(Error));
		logged.mockRestore();
	});

	if (dialect === 'postgres') {
		it('a connection the server ends in the middle of a transaction fails that transaction only; the next one works', async () => {
			const { data } = db;
			const { sql } = await import('drizzle-orm');
			const other = await db.another();
			const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
			const failed = await data
				.transaction(async (tx) => {
					await tx.insert(data.t.people).values({ id: 'mo', displayName: 'Mo', createdAt: T });
					const [{ pid }] = await data.rows<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`, tx);
					await other.rows(sql`SELECT pg_terminate_backend(${pid})`);
					await tx.insert(data.t.people).values({ id: 'ned', displayName: 'Ned', createdAt: T });
				})
				.then(() => 'committed', messagesOf);
			expect(failed).toMatch(/terminat|Connection/i);
			expect(logged).toHaveBeenCalledWith('postgres: ROLLBACK failed after', expect.anything(), expect.anything());
			logged.mockRestore();
			await data.transaction((tx) => tx.insert(data.t.people).values({ id: 'ola', displayName: 'Ola', createdAt: T }));
			expect(await names()).toEqual(['ola']);
		});
	}

	it('raw statements inside a transaction need its handle; changedRows refuses what is not a write result', async () => {
		const { data } = db;
		const { sql } = await import('drizzle-orm');
		const { changedRows } = await import('../../../src/lib/server/db/client');
		await expect(data.transaction(() => data.rows(sql`SELECT 1`))).rejects.toThrow(/without the transaction handle/);
		const inserted = await data.q.insert(data.t.people).values({ id: 'ida', displayName: 'Ida', createdAt: T }).returning({ id: data.t.people.id });
		expect(() => changedRows(inserted)).toThrow(/not the result/);
		expect(changedRows(await data.q.update(data.t.people).set({ displayName: 'Ida K.' }))).toBe(1);
		// A Date as a raw parameter is its milliseconds on both.
		expect(await data.rows<{ id: string }>(sql`SELECT id FROM people WHERE created_at = ${T}`)).toEqual([{ id: 'ida' }]);
	});

	it('refuses the plain handle inside a transaction and a transaction handle after its end', async () => {
		const { data } = db;
		let leaked: typeof data.q | undefined;
		const refusal = await data
			.transaction(async () => {
				await data.q.select().from(data.t.people);
			})
			.catch(messagesOf);
		expect(refusal).toMatch(/data.q used inside data.transaction/);
		await data.transaction(async (tx) => {
			leaked = tx;
		});
		expect(await leaked!.select().from(data.t.people).catch(messagesOf)).toMatch(/after its transaction ended/);
	});

	it('refuses nested transactions side by side (they would release each other), and lets nested ones nest', async () => {
		const { data } = db;
		const add = (id: string) => data.transaction(async (tx) => void (await tx.insert(data.t.people).values({ id, displayName: id, createdAt: T })));
		await expect(data.transaction(() => Promise.all([add('a'), add('b')]))).rejects.toThrow(/side by side/);
		expect(await names()).toEqual([]);
		await data.transaction(() => data.transaction(() => data.transaction(() => add('deep'))));
		expect(await names()).toEqual(['deep']);
	});

	it('raw statements: rows as objects and the number of changed rows, inside and outside', async () => {
		const { data } = db;
		const { sql } = await import('drizzle-orm');
		await addPerson('gus');
		await addPerson('hanna');
		expect(await data.rows<{ id: string }>(sql`SELECT id FROM people ORDER BY id`)).toEqual([{ id: 'gus' }, { id: 'hanna' }]);
		const changed = await data.transaction((tx) => data.execute(sql`UPDATE people SET display_name = 'x'`, tx));
		expect(changed).toBe(2);
	});
});
