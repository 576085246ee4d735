import { AsyncLocalStorage } from 'node:async_hooks';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { synchronousDbOf } from '../../../src/lib/server/db';
import { errorCode, first, type Data, type Query } from '../../../src/lib/server/db/client';
import { onData, onEffect, transactOn, type DeclaredEffect } from '../../../src/lib/server/effects';
import { effectHandlers } from '../../../src/lib/server/effects/kinds';
import { MAX_GROUP, transactOnTogether } from '../../../src/lib/server/effects/transactOnTogether';
import { DIALECTS, tempData, type TempData } from '../support/data';

const T = new Date(1_780_000_000_000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const until = async (check: () => boolean, ms = 10_000) => {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await pause(10);
	}
};

describe.each(DIALECTS)('transactOnTogether on %s', (dialect) => {
	let storage: TempData;
	let data: Data;
	/** Every effect as it runs after a commit (onEffect). */
	let seen: DeclaredEffect[];
	/** What the effect's handler found when it ran: whether the person's row was committed (read outside any transaction). */
	let handled: { personId?: string; committed: boolean }[];
	let stopListening: () => void;
	/** The transactions the works ran in: one id per work (see `noteTransaction`). */
	let transactions: string[];
	let begun: number;
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
		transactions = [];
		begun = 0;
		stopListening = onEffect((effect) => seen.push(effect));
		effectHandlers.rightsChanged = onData(async (on, { personId }) => {
			const row = personId ? first(await on.q.select().from(on.t.people).where(eq(on.t.people.id, personId))) : undefined;
			handled.push({ personId, committed: row !== undefined });
		});
		if (dialect === 'sqlite') {
			// SQLite names no transaction: each one is a BEGIN IMMEDIATE on the connection.
			const client = synchronousDbOf(data)?.$client;
			if (!client) throw new Error('the test database has no synchronous handle');
			const exec = client.exec.bind(client);
			vi.spyOn(client, 'exec').mockImplementation((text: string) => {
				if (text.startsWith('BEGIN')) begun++;
				return exec(text);
			});
		}
	});
	afterEach(async () => {
		stopListening();
		effectHandlers.rightsChanged = original;
		vi.restoreAllMocks();
		await data.q.delete(data.t.people);
	});

	/** Which transaction `tx` is: PostgreSQL's own id; on SQLite, the count of BEGINs so far. */
	const noteTransaction = async (tx: Query) => {
		if (dialect === 'postgres') {
			const row = first(await data.rows<{ id: string }>(sql`SELECT txid_current()::text AS id`, tx));
			transactions.push(String(row?.id));
		} else transactions.push(String(begun));
	};
	const distinct = () => new Set(transactions).size;

	/** A command as the web runs it: writes a person, declares an effect, answers with the person. */
	const addPerson = (id: string) =>
		transactOnTogether(data, async (tx, fx) => {
			await noteTransaction(tx);
			await tx.insert(data.t.people).values({ id, displayName: id, createdAt: T });
			fx.rightsChanged({ personId: id });
			return `added ${id}`;
		});
	const people = async () => (await data.q.select({ id: data.t.people.id }).from(data.t.people)).map((r) => r.id).sort();
	const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, '0')}`);

	it('fifty at once: one transaction, each answered with its own result once committed, each effect once after the commit', async () => {
		const answers = await Promise.all(ids(50).map(addPerson));
		expect(answers).toEqual(ids(50).map((id) => `added ${id}`));
		expect(transactions).toHaveLength(50);
		expect(distinct()).toBe(1);
		if (dialect === 'sqlite') expect(begun).toBe(1);
		expect(await people()).toEqual(ids(50));
		// The effects ran before any promise resolved, in the order of the works.
		expect(seen.map((e) => e.payload)).toEqual(ids(50).map((personId) => ({ personId })));
		await until(() => handled.length === 50);
		expect(handled.every((h) => h.committed)).toBe(true);
		expect(handled.map((h) => h.personId).sort()).toEqual(ids(50));
	});

	it('no promise resolves before the shared commit', async () => {
		const order: string[] = [];
		const stop = onEffect(() => order.push('committed'));
		await Promise.all(ids(3).map((id) => addPerson(id).then(() => order.push(`answered ${id}`))));
		stop();
		expect(order).toEqual(['committed', 'committed', 'committed', 'answered p000', 'answered p001', 'answered p002']);
	});

	it('one refused among them rolls back only itself and gets its own error; the others commit together', async () => {
		const answers = await Promise.allSettled(
			ids(10).map((id, i) =>
				i !== 3
					? addPerson(id)
					: transactOnTogether(data, async (tx, fx) => {
							await noteTransaction(tx);
							await tx.insert(data.t.people).values({ id, displayName: id, createdAt: T });
							fx.rightsChanged({ personId: id });
							throw new Error(`${id} is refused`);
						})
			)
		);
		expect(answers.map((a) => a.status)).toEqual(ids(10).map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
		expect((answers[3] as PromiseRejectedResult).reason.message).toBe('p003 is refused');
		expect(await people()).toEqual(ids(10).filter((id) => id !== 'p003'));
		expect(distinct()).toBe(1);
		expect(seen.map((e) => e.payload)).toEqual(ids(10).flatMap((personId) => (personId === 'p003' ? [] : [{ personId }])));
	});

	it('a unique violation refuses only its own work, and the works after it still commit in the same transaction', async () => {
		// On PostgreSQL the violation aborts the transaction; only the work's savepoint saves the rest.
		const answers = await Promise.allSettled([...ids(5), 'p001', ...ids(10).slice(5)].map(addPerson));
		expect(answers.map((a) => a.status)).toEqual([...Array(5).fill('fulfilled'), 'rejected', ...Array(5).fill('fulfilled')]);
		expect(errorCode((answers[5] as PromiseRejectedResult).reason)).toBe(dialect === 'postgres' ? '23505' : 'SQLITE_CONSTRAINT_PRIMARYKEY');
		expect(await people()).toEqual(ids(10));
		expect(distinct()).toBe(1);
		expect(seen).toHaveLength(10);
	});

	it(`six hundred at once: groups of at most ${MAX_GROUP}, one after another, all committed`, async () => {
		const answers = await Promise.all(ids(600).map(addPerson));
		expect(answers).toEqual(ids(600).map((id) => `added ${id}`));
		expect(await people()).toEqual(ids(600));
		// Works are grouped in the order they arrived.
		const sizes = [...new Set(transactions)].map((id) => transactions.filter((t) => t === id).length);
		expect(sizes).toEqual([MAX_GROUP, MAX_GROUP, 600 - 2 * MAX_GROUP]);
		if (dialect === 'sqlite') expect(begun).toBe(3);
		expect(seen).toHaveLength(600);
	});

	it('inside an open transactOn it runs at once in that transaction: committed with it, or rolled back with it', async () => {
		let outerTransaction = '';
		await transactOn(data, async (tx) => {
			await noteTransaction(tx);
			outerTransaction = transactions[0];
			await expect(addPerson('inner')).resolves.toBe('added inner');
			// Answered already, before the outer commit: its effect waits for that commit.
			expect(seen).toEqual([]);
		});
		expect(transactions).toEqual([outerTransaction, outerTransaction]);
		expect(seen.map((e) => e.payload)).toEqual([{ personId: 'inner' }]);
		seen.length = 0;
		await expect(
			transactOn(data, async () => {
				await addPerson('undone');
				throw new Error('outer refused');
			})
		).rejects.toThrow('outer refused');
		expect(await people()).toEqual(['inner']);
		expect(seen).toEqual([]);
	});

	it('works do not run in the async context of whichever request opened the group', async () => {
		const request = new AsyncLocalStorage<string>();
		const saw: (string | undefined)[] = [];
		const work = () => transactOnTogether(data, async () => void saw.push(request.getStore()));
		await Promise.all([request.run('first', work), request.run('second', work)]);
		expect(saw).toEqual([undefined, undefined]);
	});

	it('a group waits for the one before it to commit: two open side by side would deadlock on the same rows', async () => {
		let openGate!: () => void;
		const gate = new Promise<void>((resolve) => (openGate = resolve));
		let firstStarted!: () => void;
		const started = new Promise<void>((resolve) => (firstStarted = resolve));
		let firstAnswered = false;
		const first = transactOnTogether(data, async (tx) => {
			firstStarted();
			await tx.insert(data.t.people).values({ id: 'first', displayName: 'first', createdAt: T });
			// Held open until the second work runs, or for a while: what is asserted is the order.
			await Promise.race([gate, pause(200)]);
			return 'first';
		}).then((answer) => ((firstAnswered = true), answer));
		await started;
		const second = transactOnTogether(data, async (tx) => {
			openGate();
			await tx.insert(data.t.people).values({ id: 'second', displayName: 'second', createdAt: T });
			return firstAnswered;
		});
		expect(await Promise.all([first, second])).toEqual(['first', true]);
		expect(await people()).toEqual(['first', 'second']);
	});

	if (dialect === 'sqlite') {
		it('a work under which SQLite ended the shared transaction voids the group: each is run again alone, and answered as alone', async () => {
			const client = synchronousDbOf(data)?.$client;
			let failures = 1;
			const runs = new Map<string, number>();
			const answers = await Promise.allSettled(
				ids(6).map((id, i) =>
					transactOnTogether(data, async (tx, fx) => {
						runs.set(id, (runs.get(id) ?? 0) + 1);
						await tx.insert(data.t.people).values({ id, displayName: id, createdAt: T });
						fx.rightsChanged({ personId: id });
						// What SQLite does itself on a full disk: the whole transaction is rolled back.
						if (i === 2 && failures-- > 0) {
							client?.exec('ROLLBACK');
							throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
						}
						return id;
					})
				)
			);
			expect(answers.map((a) => a.status)).toEqual(Array(6).fill('fulfilled'));
			expect(await people()).toEqual(ids(6));
			// Those before and the one that broke it ran twice, those after only alone; the void group's effects never ran.
			expect(ids(6).map((id) => runs.get(id))).toEqual([2, 2, 2, 1, 1, 1]);
			expect(seen.map((e) => e.payload)).toEqual(ids(6).map((personId) => ({ personId })));
			expect(begun).toBe(7);
		});
	}
	if (dialect === 'postgres') {
		it('a shared commit that fails voids the group: each is run again alone, and answered as alone', async () => {
			// A check PostgreSQL makes only at COMMIT: the group's commit fails for one work's row.
			await data.execute(
				sql.raw(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
					IF NEW.display_name = 'poison' THEN RAISE EXCEPTION 'poison' USING ERRCODE = '23514'; END IF; RETURN NULL; END $$`)
			);
			await data.execute(
				sql.raw(`CREATE CONSTRAINT TRIGGER refuse_poison AFTER INSERT ON people DEFERRABLE INITIALLY DEFERRED
					FOR EACH ROW EXECUTE FUNCTION refuse_poison()`)
			);
			try {
				const runs = new Map<string, number>();
				const answers = await Promise.allSettled(
					ids(6).map((id, i) =>
						transactOnTogether(data, async (tx, fx) => {
							runs.set(id, (runs.get(id) ?? 0) + 1);
							await tx.insert(data.t.people).values({ id, displayName: i === 2 ? 'poison' : id, createdAt: T });
							fx.rightsChanged({ personId: id });
							return id;
						})
					)
				);
				expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
				expect(errorCode((answers[2] as PromiseRejectedResult).reason)).toBe('23514');
				expect(await people()).toEqual(ids(6).filter((id) => id !== 'p002'));
				expect(ids(6).map((id) => runs.get(id))).toEqual([2, 2, 2, 2, 2, 2]);
				// The void group's effects never ran; each committed work's ran once.
				expect(seen.map((e) => e.payload)).toEqual(ids(6).flatMap((personId) => (personId === 'p002' ? [] : [{ personId }])));
			} finally {
				await data.execute(sql`DROP TRIGGER refuse_poison ON people`);
				await data.execute(sql`DROP FUNCTION refuse_poison()`);
			}
		});
	}
});
