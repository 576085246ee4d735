import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { schema, type Db } from '../../../src/lib/server/db';
import { first, type Data } from '../../../src/lib/server/db/client';
import { onData, onEffect, transactOn, transactOnAndWait, type DataEffects, type DeclaredEffect } from '../../../src/lib/server/effects';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import { testProbe } from '../../../src/lib/server/jobs/kinds/testProbe';
import { startJobRunner, type JobRunner } from '../../../src/lib/server/jobs/runner';
import type { JobHandler } from '../../../src/lib/server/jobs/types';
import { DIALECTS, tempData, type TempData } from '../support/data';

const T = new Date(1_780_000_000_000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const until = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('timed out');
		await pause(10);
	}
};

/** Resolves once `parties` callers have arrived: transactions that must be open at the same time. */
function barrier(parties: number) {
	let arrived = 0;
	let open!: () => void;
	const all = new Promise<void>((resolve) => (open = resolve));
	return () => {
		if (++arrived === parties) open();
		return all;
	};
}

describe.each(DIALECTS)('transactOn on %s', (dialect) => {
	let storage: TempData;
	let data: Data;
	/** Every effect as it runs after a commit (onEffect). */
	let seen: DeclaredEffect[];
	/** What the moved handler saw when it ran: its handle, and whether the committed row was there for it. */
	let handled: { on: Data; personId?: string; rowVisible: boolean }[];
	let stopListening: () => void;
	const original = effectHandlers.rightsChanged;

	beforeAll(async () => {
		storage = await tempData(dialect);
		data = storage.data;
	});
	afterAll(async () => {
		await storage?.cleanup();
	});
	beforeEach(() => {
		seen = [];
		handled = [];
		stopListening = onEffect((effect) => seen.push(effect));
		// rightsChanged as a handler moved to the data layer would be: it runs on both databases.
		effectHandlers.rightsChanged = onData(async (on, { personId }) => {
			const row = personId ? first(await on.q.select().from(on.t.people).where(eq(on.t.people.id, personId))) : undefined;
			handled.push({ on, personId, rowVisible: row !== undefined });
		});
	});
	afterEach(async () => {
		stopListening();
		effectHandlers.rightsChanged = original;
		vi.restoreAllMocks();
		await data.q.delete(data.t.jobs);
		await data.q.delete(data.t.people);
	});

	const addPerson = (tx: Data['q'], id: string) => tx.insert(data.t.people).values({ id, displayName: id, createdAt: T });
	const people = async () => (await data.q.select({ id: data.t.people.id }).from(data.t.people).orderBy(data.t.people.id)).map((r) => r.id);
	const payloads = () => seen.map((e) => e.payload);
	// Handled, by person; those without one last.
	const byPerson = () => {
		const key = (h: (typeof handled)[number]) => h.personId ?? '\uffff';
		return [...handled].sort((a, b) => (key(a) < key(b) ? -1 : 1));
	};

	it('runs the effects after the commit, in the order declared, on what was committed', async () => {
		const result = await transactOnAndWait(data, async (tx, fx) => {
			await addPerson(tx, 'anna');
			fx.rightsChanged({ personId: 'anna' });
			fx.rightsChanged({ docName: 'notes:g' });
			await pause(5);
			expect(seen).toEqual([]);
			return 'done';
		});
		expect(result).toBe('done');
		expect(payloads()).toEqual([{ personId: 'anna' }, { docName: 'notes:g' }]);
		// Their asynchronous parts run side by side: which finishes first is not the point.
		expect(byPerson().map((h) => [h.on === data, h.personId, h.rowVisible])).toEqual([
			[true, 'anna', true],
			[true, undefined, false]
		]);
	});

	it('drops the effects of a transaction that rolls back, with its rows', async () => {
		await expect(
			transactOn(data, async (tx, fx) => {
				await addPerson(tx, 'ben');
				fx.rightsChanged({ personId: 'ben' });
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		await pause(5);
		expect(seen).toEqual([]);
		expect(await people()).toEqual([]);
	});

	it('a nested one is a savepoint: its effects wait for the outer commit, and go with its rollback or the outer one', async () => {
		await transactOn(data, async (tx, outer) => {
			await addPerson(tx, 'outer');
			await transactOn(data, async (inner, fx) => {
				await addPerson(inner, 'kept');
				fx.rightsChanged({ personId: 'kept' });
			});
			await expect(
				transactOn(data, async (inner, fx) => {
					await addPerson(inner, 'undone');
					fx.rightsChanged({ personId: 'undone' });
					throw new Error('inner refused');
				})
			).rejects.toThrow('inner refused');
			expect(seen).toEqual([]);
			outer.rightsChanged({ personId: 'outer' });
		});
		expect(payloads()).toEqual([{ personId: 'kept' }, { personId: 'outer' }]);
		expect(await people()).toEqual(['kept', 'outer']);

		seen.length = 0;
		await expect(
			transactOn(data, async () => {
				await transactOn(data, async (inner, fx) => {
					await addPerson(inner, 'committed inside only');
					fx.rightsChanged({ personId: 'committed inside only' });
				});
				throw new Error('outer refused');
			})
		).rejects.toThrow('outer refused');
		await pause(5);
		expect(seen).toEqual([]);
		expect(await people()).toEqual(['kept', 'outer']);
	});

	it('refuses a declaration after its transaction ended', async () => {
		let late: DataEffects | undefined;
		await transactOn(data, async (_tx, fx) => void (late = fx));
		expect(() => late?.rightsChanged({ personId: 'late' })).toThrow(/after its transaction ended/);
		await expect(late?.job('test.probe', { label: 'late', ms: 0 })).rejects.toThrow(/after its transaction ended/);
		expect(seen).toEqual([]);
	});

	it('a failing effect is logged; the committed command still resolves', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		effectHandlers.rightsChanged = onData(() => Promise.reject(new Error('document server gone')));
		await expect(transactOnAndWait(data, async (_tx, fx) => (fx.rightsChanged({ personId: 'a' }), 'committed'))).resolves.toBe('committed');
		expect(logged).toHaveBeenCalledWith('effect rightsChanged failed after commit', { personId: 'a' }, expect.any(Error));
	});

	/** Puts a handler in the synchronous form in pollChanged's place for one test: every real handler has moved. */
	const synchronousPollChanged = (handler: (db: Db) => void) => {
		const original = effectHandlers.pollChanged;
		effectHandlers.pollChanged = handler;
		onTestFinished(() => void (effectHandlers.pollChanged = original));
	};

	if (dialect === 'sqlite') {
		it('a handler still on the synchronous layer runs with the synchronous handle of the same connection, after the commit', async () => {
			const found: (string | undefined)[] = [];
			// Every real handler has moved: this one is in the synchronous form (a spy would keep the onData mark).
			synchronousPollChanged((db: Db) => {
				found.push(db.select().from(schema.people).where(eq(schema.people.id, 'cem')).get()?.id);
			});
			await transactOn(data, async (tx, fx) => {
				await addPerson(tx, 'cem');
				fx.pollChanged({ sessionId: 's' });
			});
			expect(found).toEqual(['cem']);
		});
	} else {
		it('a handler still on the synchronous layer is refused on PostgreSQL when declared, and the transaction rolls back', async () => {
			synchronousPollChanged(() => {});
			await expect(
				transactOn(data, async (tx, fx) => {
					await addPerson(tx, 'cem');
					fx.pollChanged({ sessionId: 's' });
				})
			).rejects.toThrow(/effect pollChanged cannot run on PostgreSQL/);
			expect(await people()).toEqual([]);
			expect(seen).toEqual([]);
		});
	}

	describe('jobs', () => {
		let runner: JobRunner | undefined;
		afterEach(async () => {
			await runner?.stop(100);
			runner = undefined;
		});
		const labels = async () => (await data.q.select().from(data.t.jobs)).map((r) => JSON.parse(r.payload).label as string).sort();

		it('a job of a transaction or savepoint that rolled back does not exist; a committed one does', async () => {
			await expect(
				transactOn(data, async (_tx, fx) => {
					expect(await fx.job('test.probe', { label: 'rolled back', ms: 0 })).toBe(true);
					throw new Error('refused');
				})
			).rejects.toThrow('refused');
			await transactOn(data, async (_tx, fx) => {
				await fx.jobs('test.probe', [{ payload: { label: 'committed', ms: 0 } }]);
				await expect(
					transactOn(data, async (_inner, inner) => {
						await inner.job('test.probe', { label: 'savepoint rolled back', ms: 0 });
						throw new Error('inner refused');
					})
				).rejects.toThrow('inner refused');
			});
			expect(await labels()).toEqual(['committed']);
		});

		it('wakes the runner after the commit: one that polls once a minute runs the job at once', async () => {
			const ran: string[] = [];
			const handler = { ...testProbe, run: async ({ label }: { label: string }) => void ran.push(label) };
			runner = startJobRunner(data, { pollMs: 60_000, leaseMs: 30_000, handlers: { 'test.probe': handler as JobHandler<unknown> } });
			// Its first look at the queue, at start, is over: from here only a wake (or a minute) makes it look.
			await pause(100);
			await transactOn(data, async (tx, fx) => {
				await fx.job('test.probe', { label: 'prompt', ms: 0 });
				// The transaction stays open a while after the job is written: a runner woken now, on
				// its own connection, would find nothing and wait for its next poll.
				await pause(100);
				await addPerson(tx, 'after the job');
			});
			await until(() => ran.length > 0);
			expect(ran).toEqual(['prompt']);
		});
	});

	if (dialect === 'postgres') {
		it.each([
			['one handle (its pool)', false],
			['two handles (two instances)', true]
		])('transactions interleaving on %s keep their effects apart', async (_name, twoHandles) => {
			const other = twoHandles ? await storage.another() : data;
			const bothDeclared = barrier(2);
			const first = transactOn(data, async (tx, fx) => {
				await addPerson(tx, 'a');
				fx.rightsChanged({ personId: 'a' });
				await bothDeclared();
				throw new Error('a refused');
			});
			const second = transactOnAndWait(other, async (tx, fx) => {
				await addPerson(tx, 'b');
				fx.rightsChanged({ personId: 'b' });
				await bothDeclared();
				// Commits after the other has rolled back.
				await first.catch(() => {});
				fx.rightsChanged({ personId: 'b again' });
			});
			await expect(first).rejects.toThrow('a refused');
			await second;
			expect(payloads()).toEqual([{ personId: 'b' }, { personId: 'b again' }]);
			expect(byPerson().map((h) => [h.on === other, h.personId, h.rowVisible])).toEqual([
				[true, 'b', true],
				[true, 'b again', false]
			]);
			expect(await people()).toEqual(['b']);
		});

		it('a serializable transaction that is retried runs only the effects of the attempt that committed', async () => {
			const other = await storage.another();
			const bothRead = barrier(2);
			const attempts = { a: 0, b: 0 };
			// Write skew: each counts the people, then adds one. Under SERIALIZABLE one of the two fails
			// with 40001 and is run again, this time after the other committed.
			const skewed = (on: Data, name: 'a' | 'b') =>
				transactOn(
					on,
					async (tx, fx) => {
						const attempt = ++attempts[name];
						const [{ n }] = await on.rows<{ n: string }>(sql`SELECT count(*) AS n FROM people`, tx);
						fx.rightsChanged({ docName: `${name} attempt ${attempt} saw ${Number(n)}` });
						if (attempt === 1) await bothRead();
						await addPerson(tx, name);
					},
					{ isolation: 'serializable' }
				);
			await Promise.all([skewed(data, 'a'), skewed(other, 'b')]);
			expect(attempts.a + attempts.b).toBe(3);
			const retried = attempts.a === 2 ? 'a' : 'b';
			const once = retried === 'a' ? 'b' : 'a';
			expect(
				payloads()
					.map((p) => (p as { docName: string }).docName)
					.sort()
			).toEqual([`${once} attempt 1 saw 0`, `${retried} attempt 2 saw 1`].sort());
			expect(await people()).toEqual(['a', 'b']);
		});
	}
});
