import type Database from 'better-sqlite3';
import { drizzle as drizzleProxy } from 'drizzle-orm/sqlite-proxy';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { PgDialect } from 'drizzle-orm/pg-core';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema-pg';
import { holdConnection } from './sqliteConnection';

/**
 * The asynchronous data layer, one handle over both databases (README, "Several instances"):
 * SQLite (better-sqlite3, the embedded default) and PostgreSQL (a `pg` pool, several instances).
 *
 * Code writes its queries once, against `data.q` (or the `tx` of `data.transaction`) and the
 * tables in `data.t`, and awaits the builders: `await q.select().from(t.jobs)…` gives rows on both,
 * `first(rows)` the one row. The types are PostgreSQL's, which have no synchronous `.get()`,
 * `.all()` or `.run()`: what compiles runs on both. At run time on SQLite, `q` is drizzle's
 * `sqlite-proxy` driver over our own statement runner and `t` the SQLite tables; the two schemas
 * are kept the same by tests/integration/db/schemaLockstep.test.ts, and give the same JS values.
 */
export type Dialect = 'sqlite' | 'postgres';
export type Tables = typeof pgSchema;
/**
 * The query builder. Without drizzle's own `transaction`: on the plain handle it would run BEGIN
 * as a statement of its own, and other work's statements would fall into it; transactions are
 * `data.transaction`. Transaction control written as SQL is refused the same way.
 */
export type Query = Omit<NodePgDatabase<Tables>, 'transaction'>;

export interface TransactionOptions {
	/**
	 * PostgreSQL: SERIALIZABLE for a transaction whose invariant spans rows that no unique index or
	 * row lock holds (it is retried on a serialization failure, so `fn` must be safe to run again).
	 * SQLite always is: one writer at a time.
	 */
	isolation?: 'serializable';
	/**
	 * Runs right after COMMIT, before other work may use the connection (on SQLite still under the
	 * mutex): for what must see the committed state with nothing in between, such as effects still
	 * on the synchronous layer. Its errors are logged, never thrown: the transaction committed.
	 * Only the outermost transaction's runs.
	 */
	committed?: () => void;
}

export interface Data {
	readonly dialect: Dialect;
	/** Statements on their own (each its own transaction). Inside `transaction`, use its `tx`. */
	readonly q: Query;
	readonly t: Tables;
	/**
	 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (and the
	 * error rethrown). Nested, it is a savepoint: its failure rolls back only itself. Nothing else
	 * runs on a SQLite connection while a transaction holds it, so a transaction may await.
	 */
	transaction<T>(fn: (tx: Query) => PromiseLike<T>, options?: TransactionOptions): Promise<T>;
	/**
	 * A raw statement's rows, as objects (column names as the SQL gives them), values as the driver
	 * gives them: PostgreSQL's booleans are `true`/`false` where SQLite's are 1/0, and its bigints and
	 * counts are strings. A Date parameter is bound as its milliseconds on both.
	 */
	rows<Row = Record<string, unknown>>(query: SQL, tx?: Query): Promise<Row[]>;
	/** A raw insert, update or delete; resolves with the number of rows it changed (not for SELECT). */
	execute(query: SQL, tx?: Query): Promise<number>;
	/**
	 * A statement built and compiled once, run with its placeholders' values on the plain handle or
	 * inside a transaction (its `tx`). Code that runs often defines it once with `preparedOn`
	 * (db/prepared.ts), which calls this once per handle; on PostgreSQL it is a named statement,
	 * parsed once per connection.
	 */
	prepare<B extends Preparable>(build: (q: Query, t: Tables) => B): Prepared<Awaited<B>>;
	close(): Promise<void>;
}

/** A builder that can be prepared: a select, an insert/update/delete, a relational query. */
export interface Preparable extends PromiseLike<unknown> {
	toSQL(): { sql: string };
	prepare(name: string): { execute(values?: Record<string, unknown>): PromiseLike<unknown> };
}

/**
 * The values of a prepared statement's `sql.placeholder`s, by name. A Date is bound as its
 * milliseconds. A placeholder standing for a column's value (in `values` of an insert) goes through
 * the column's encoder, null included: a JSON column would store JSON `null`, not SQL NULL, and a
 * timestamp column refuses null. Leave such columns to the builder, or give them no placeholder.
 */
export type Placeholders = Record<string, unknown>;

/**
 * A prepared statement of one handle. Each run takes the placeholders' values and, inside a
 * transaction, its `tx` (without it, the statement runs on its own, as on `data.q`); the rows
 * are mapped as awaiting the builder maps them (Dates, booleans, JSON).
 */
export interface Prepared<Result> {
	/** What awaiting the builder gives: its rows for a select or a write with `returning`. */
	all(values?: Placeholders, tx?: Query): Promise<Result>;
	/** The first of those rows, or undefined: a select by key. */
	first(values?: Placeholders, tx?: Query): Promise<(Result extends readonly (infer Row)[] ? Row : never) | undefined>;
	/** The rows an insert, update or delete without `returning` changed. */
	run(values?: Placeholders, tx?: Query): Promise<number>;
}

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

/** The first row of a result, or undefined: what `.get()` was on SQLite. */
export const first = <Row>(rows: readonly Row[]): Row | undefined => rows[0];

/** The driver's error code (SQLSTATE, SQLITE_…), also when drizzle wrapped the error as "Failed query". */
export function errorCode(error: unknown): string | undefined {
	for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (typeof e.code === 'string') return e.code;
	return undefined;
}

/** Rows an awaited insert/update/delete (without `returning`) changed, on either driver. */
export function changedRows(result: unknown): number {
	const r = result as { changes?: unknown; rowCount?: unknown };
	if (typeof r?.changes === 'number') return r.changes;
	if (typeof r?.rowCount === 'number') return r.rowCount;
	throw new Error('changedRows: not the result of an insert, update or delete without returning (count the returned rows instead)');
}

/**
 * Which connection a prepared statement's run goes to: the `tx` it was given, or none (the plain
 * handle). A prepared statement is built once on a handle's own drizzle instance whose driver
 * reads this, so one statement serves every transaction without being built again.
 */
const preparedRoute = new AsyncLocalStorage<{ via: Query | undefined }>();

function preparedStatement<Result>(statement: { execute(values?: Placeholders): PromiseLike<unknown> }): Prepared<Result> {
	const all = (values: Placeholders = {}, via?: Query) => preparedRoute.run({ via }, async () => (await statement.execute(values)) as Result);
	return {
		all,
		first: async (values, via) => first((await all(values, via)) as unknown as never[]),
		run: async (values, via) => changedRows(await all(values, via))
	};
}

/** Errors of a prepared statement run on the wrong connection, as the plain handle and `tx` refuse it. */
const preparedOutside = () => new Error('a prepared statement run without the transaction handle inside data.transaction: pass its tx');
const preparedForeign = () => new Error("a prepared statement run with another handle's transaction");

/** BEGIN, COMMIT, SAVEPOINT … as SQL text: only `data.transaction` may say them. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;
const refuseTransactionControl = (text: string) => {
	if (TRANSACTION_CONTROL.test(text)) throw new Error('transaction control as a statement: use data.transaction');
};

/** Raw parameters: a Date is its milliseconds, as both schemas store it (better-sqlite3 binds no Date). */
const rawParam = (value: unknown) => (value instanceof Date ? value.getTime() : value);

/** A transaction still open after this long is logged, with where it began: one that waits on itself never ends. */
export const HELD_TOO_LONG_MS = 10_000;
function watchHeld(dialect: Dialect): () => void {
	const began = new Error('transaction began here');
	const timer = setTimeout(
		() => console.error(`${dialect}: a transaction has been open for ${HELD_TOO_LONG_MS / 1000} s; everything after it waits`, began.stack),
		HELD_TOO_LONG_MS
	);
	timer.unref();
	return () => clearTimeout(timer);
}

function afterCommit(options: TransactionOptions): void {
	try {
		options.committed?.();
	} catch (error) {
		console.error('after a commit', error);
	}
}

const outlived = () => new Error('a nested transaction outlived the transaction it was in');

export function dialectOf(url: string | undefined): Dialect {
	return url && /^postgres(ql)?:\/\//i.test(url.trim()) ? 'postgres' : 'sqlite';
}

// ---------------------------------------------------------------------------------------------
// SQLite: one connection behind an async mutex (as Kysely's SQLite driver does it). A statement
// outside a transaction waits until no transaction holds the connection; a transaction takes it
// from BEGIN IMMEDIATE to COMMIT or ROLLBACK, written here: never drizzle's `transaction` with an
// async callback, which on better-sqlite3 commits at the first await (drizzle-orm 1472, 2275, 5063).
// ---------------------------------------------------------------------------------------------

interface Open {
	/** Savepoints nested in this transaction, for their names. */
	depth: number;
	done: boolean;
}

/**
 * Within a transaction's callback: which transaction of which handle the async context runs in.
 * The callbacks run as `async () => await fn(tx)`: a callback may return a drizzle builder, which
 * runs only when awaited, and that await must happen inside the context, not after it.
 */
const current = new AsyncLocalStorage<{ handle: object; open: Open; level: number }>();

/**
 * Savepoints nest one inside the other; two opened side by side in one transaction (a
 * `Promise.all` of nested transactions) would release or roll back each other's work.
 */
const sideBySide = () => new Error('nested transactions run one after another, not side by side (Promise.all) in one transaction');

class Mutex {
	private tail: Promise<void> = Promise.resolve();
	/** Resolves with the function that lets the next one in, once every earlier one let go. */
	lock(): Promise<() => void> {
		let release!: () => void;
		const next = new Promise<void>((resolve) => (release = resolve));
		const ready = this.tail.then(() => release);
		this.tail = this.tail.then(() => next);
		return ready;
	}
}

type RunResult = { rows: unknown[]; changes?: number };

// Process-wide: the production entry and the SvelteKit bundle each carry a copy of this module, and
// two handles on one connection would be two mutexes (as db/index.ts keeps one connection).
const perConnectionSlot = Symbol.for('ratschlag.db.sqliteData');
const perConnection = ((globalThis as unknown as Record<symbol, WeakMap<Database.Database, Data> | undefined>)[perConnectionSlot] ??= new WeakMap());

/**
 * The data layer on an open better-sqlite3 connection (the one `openDatabase` migrated; the
 * synchronous layer shares it while the app moves over, see `sqliteConnection`). One per
 * connection, always the same: two handles would be two mutexes on one connection.
 */
export function sqliteData(client: Database.Database): Data {
	let data = perConnection.get(client);
	if (!data) perConnection.set(client, (data = sqliteDataOn(client)));
	return data;
}

function sqliteDataOn(client: Database.Database): Data {
	const mutex = new Mutex();
	const handle = {};
	const statements = new Map<string, Database.Statement>();
	const statement = (sql: string) => {
		let s = statements.get(sql);
		if (!s) {
			s = client.prepare(sql);
			// Bounded: the builders make a few hundred distinct statements; a leak must not grow forever.
			if (statements.size >= 2000) statements.delete(statements.keys().next().value as string);
			statements.set(sql, s);
		}
		return s;
	};
	const params = (values: unknown[]) => values.map((v) => (typeof v === 'boolean' ? Number(v) : rawParam(v)));
	function runOn(sql: string, values: unknown[], method: 'run' | 'all' | 'values' | 'get'): RunResult {
		refuseTransactionControl(sql);
		const s = statement(sql);
		const bound = params(values);
		if (method === 'run' && !s.reader) return { rows: [], changes: s.run(...bound).changes };
		if (method === 'get') return { rows: s.raw(true).get(...bound) as unknown[] };
		if (!s.reader) {
			s.run(...bound);
			return { rows: [] };
		}
		return { rows: s.raw(true).all(...bound) };
	}

	const inside = () => {
		const ctx = current.getStore();
		return ctx && ctx.handle === handle && !ctx.open.done ? ctx.open : undefined;
	};
	/** Work that began inside one of this handle's transactions, which has ended since. */
	const afterItsTransaction = () => {
		const ctx = current.getStore();
		return ctx?.handle === handle && ctx.open.done;
	};

	const alone = async (sql: string, values: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
		const release = await mutex.lock();
		try {
			return runOn(sql, values, method);
		} finally {
			release();
		}
	};
	// Statements outside a transaction: each waits its turn; inside this handle's transaction, the
	// plain handle is a mistake (on PostgreSQL it would run on another connection, outside it).
	const q = drizzleProxy(
		async (sql, values, method) => {
			if (inside()) throw new Error('data.q used inside data.transaction: use the transaction handle it passes');
			return alone(sql, values, method);
		},
		{ schema: sqliteSchema }
	) as unknown as Query;

	const tx = drizzleProxy(
		async (sql, values, method) => {
			if (!inside()) throw new Error('a transaction handle used after its transaction ended');
			return runOn(sql, values, method);
		},
		{ schema: sqliteSchema }
	) as unknown as Query;

	// Prepared statements are built once on this instance; each run goes where its caller says.
	const routed = drizzleProxy(
		async (sql, values, method) => {
			const via = preparedRoute.getStore()?.via;
			if (!via) {
				if (inside()) throw preparedOutside();
				return alone(sql, values, method);
			}
			if (via !== tx) throw preparedForeign();
			if (!inside()) throw new Error('a transaction handle used after its transaction ended');
			return runOn(sql, values, method);
		},
		{ schema: sqliteSchema }
	) as unknown as Query;

	async function transaction<T>(fn: (tx: Query) => PromiseLike<T>, options: TransactionOptions = {}): Promise<T> {
		const open = inside();
		if (open) {
			if ((current.getStore() as { level: number }).level !== open.depth) throw sideBySide();
			const name = `sp${++open.depth}`;
			// Each savepoint command checks its transaction is still open: a nested one left running
			// after its outer one ended must not release or roll back a savepoint of the next.
			const command = (text: string) => {
				if (open.done) throw outlived();
				client.exec(text);
			};
			command(`SAVEPOINT ${name}`);
			try {
				const result = await current.run({ handle, open, level: open.depth }, async () => await fn(tx));
				command(`RELEASE ${name}`);
				return result;
			} catch (error) {
				if (!open.done && client.inTransaction) command(`ROLLBACK TO ${name}; RELEASE ${name}`);
				throw error;
			} finally {
				open.depth--;
			}
		}
		// Begun inside a transaction that has ended: it was meant to be part of it, not to commit alone.
		if (afterItsTransaction()) throw outlived();
		const release = await mutex.lock();
		const state: Open = { depth: 0, done: false };
		const stopWatching = watchHeld('sqlite');
		try {
			client.exec('BEGIN IMMEDIATE');
			try {
				const result = await holdConnection(client, () => current.run({ handle, open: state, level: 0 }, async () => await fn(tx)));
				state.done = true;
				client.exec('COMMIT');
				afterCommit(options);
				return result;
			} catch (error) {
				state.done = true;
				// SQLite may have rolled back already (SQLITE_FULL, an interrupted statement).
				try {
					if (client.inTransaction) client.exec('ROLLBACK');
				} catch (rollbackError) {
					console.error('sqlite: ROLLBACK failed after', error, rollbackError);
				}
				throw error;
			}
		} finally {
			state.done = true;
			stopWatching();
			release();
		}
	}

	const toRows = (query: SQL) => sqliteDialect.sqlToQuery(query);

	/** A raw statement in its place: inside the transaction `via` names, or alone in its turn. */
	async function onConnection<T>(what: string, via: Query | undefined, run: () => T): Promise<T> {
		if (via) {
			if (!inside()) throw new Error('a transaction handle used after its transaction ended');
			return run();
		}
		if (inside()) throw new Error(`${what} without the transaction handle inside data.transaction`);
		const release = await mutex.lock();
		try {
			return run();
		} finally {
			release();
		}
	}

	return {
		dialect: 'sqlite',
		q,
		t: sqliteSchema as unknown as Tables,
		transaction,
		async rows<Row>(query: SQL, via?: Query): Promise<Row[]> {
			const { sql, params: values } = toRows(query);
			refuseTransactionControl(sql);
			return onConnection('data.rows', via, () => {
				const s = statement(sql);
				return s.reader ? (s.raw(false).all(...params(values)) as Row[]) : (s.run(...params(values)), []);
			});
		},
		async execute(query: SQL, via?: Query): Promise<number> {
			const { sql, params: values } = toRows(query);
			refuseTransactionControl(sql);
			return onConnection('data.execute', via, () => statement(sql).run(...params(values)).changes);
		},
		// SQLite's statements are compiled once per connection already (the cache in `statement`).
		prepare: (build) => preparedStatement(build(routed, sqliteSchema as unknown as Tables).prepare('')),
		async close() {
			// The connection belongs to whoever opened it (openDatabase); wait for work under way.
			const release = await mutex.lock();
			release();
		}
	};
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a pool. A transaction holds one pooled connection from BEGIN to COMMIT/ROLLBACK.
// ---------------------------------------------------------------------------------------------

const SERIALIZATION_FAILURE = new Set(['40001', '40P01']);
const SERIALIZABLE_ATTEMPTS = 10;

export function postgresData(pool: pg.Pool): Data {
	const handle = {};
	type Ctx = { handle: object; client: pg.PoolClient; depth: number; done: boolean; tx?: Query };
	const clients = new AsyncLocalStorage<{ ctx: Ctx; level: number }>();
	const inside = () => {
		const ctx = clients.getStore()?.ctx;
		return ctx && ctx.handle === handle && !ctx.done ? ctx : undefined;
	};
	const afterItsTransaction = () => {
		const ctx = clients.getStore()?.ctx;
		return ctx?.handle === handle && ctx.done;
	};
	const textOf = (args: unknown[]) => (typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown } | undefined)?.text ?? ''));
	// drizzle needs only `query`; the wrappers refuse what would run on the wrong connection.
	const q = drizzlePg(
		{
			query: (...args: unknown[]) => {
				if (inside()) throw new Error('data.q used inside data.transaction: use the transaction handle it passes');
				refuseTransactionControl(textOf(args));
				return (pool.query as (...a: unknown[]) => unknown)(...args);
			}
		} as unknown as pg.Pool,
		{ schema: pgSchema }
	);
	// Prepared statements are built once on this instance; each run goes where its caller says: the
	// pool, or the connection of the transaction whose `tx` it was given.
	const transactionOf = new WeakMap<Query, Ctx>();
	const routed = drizzlePg(
		{
			query: (config: pg.QueryConfig, values: unknown[] = []) => {
				const via = preparedRoute.getStore()?.via;
				const bound = values.map(rawParam);
				if (!via) {
					if (inside()) throw preparedOutside();
					return pool.query(config, bound);
				}
				const ctx = transactionOf.get(via);
				if (!ctx) throw preparedForeign();
				if (ctx.done) throw new Error('a transaction handle used after its transaction ended');
				return ctx.client.query(config, bound);
			}
		} as unknown as pg.Pool,
		{ schema: pgSchema }
	);
	/** A named statement's name: the same text, the same name, in every process and every copy of this module. */
	const nameOf = (builder: Preparable) => `ratschlag_${createHash('sha1').update(builder.toSQL().sql).digest('hex').slice(0, 24)}`;
	const txOn = (ctx: { client: pg.PoolClient; done: boolean }) =>
		drizzlePg(
			{
				query: (...args: unknown[]) => {
					if (ctx.done) throw new Error('a transaction handle used after its transaction ended');
					refuseTransactionControl(textOf(args));
					return (ctx.client.query as (...a: unknown[]) => unknown)(...args);
				}
			} as unknown as pg.PoolClient,
			{ schema: pgSchema }
		);

	async function once<T>(fn: (tx: Query) => PromiseLike<T>, options: TransactionOptions): Promise<T> {
		const client = await pool.connect();
		// A connection that breaks while checked out (the server restarts, fails over) says so as an
		// 'error' event on it, which would crash the process unheard: the statement under way fails
		// anyway, and the pool drops the connection at its release.
		let lost: Error | undefined;
		const onLost = (error: Error) => void (lost = error);
		client.on('error', onLost);
		const ctx: Ctx = { handle, client, depth: 0, done: false };
		ctx.tx = txOn(ctx);
		transactionOf.set(ctx.tx, ctx);
		let broken: unknown;
		const stopWatching = watchHeld('postgres');
		try {
			try {
				await client.query(options.isolation === 'serializable' ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN');
			} catch (error) {
				broken = error;
				throw error;
			}
			try {
				let result: T;
				try {
					result = await clients.run({ ctx, level: 0 }, async () => await fn(ctx.tx as Query));
				} finally {
					// Before COMMIT/ROLLBACK goes out: a statement still on its way (work the callback left
					// running) must be refused, not queued after them and run outside any transaction.
					ctx.done = true;
				}
				await client.query('COMMIT');
				afterCommit(options);
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch((rollbackError: unknown) => {
					broken = rollbackError;
					console.error('postgres: ROLLBACK failed after', error, rollbackError);
				});
				throw error;
			}
		} finally {
			ctx.done = true;
			stopWatching();
			// A connection whose BEGIN or ROLLBACK failed is in an unknown state: the pool drops it.
			client.off('error', onLost);
			client.release(lost ?? (broken instanceof Error ? broken : broken === undefined ? undefined : new Error(String(broken))));
		}
	}

	async function transaction<T>(fn: (tx: Query) => PromiseLike<T>, options: TransactionOptions = {}): Promise<T> {
		const open = inside();
		if (open) {
			if ((clients.getStore() as { level: number }).level !== open.depth) throw sideBySide();
			const name = `sp${++open.depth}`;
			const command = (text: string) => {
				if (open.done) throw outlived();
				return open.client.query(text);
			};
			await command(`SAVEPOINT ${name}`);
			try {
				const result = await clients.run({ ctx: open, level: open.depth }, async () => await fn(open.tx as Query));
				await command(`RELEASE SAVEPOINT ${name}`);
				return result;
			} catch (error) {
				if (!open.done) await command(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`);
				throw error;
			} finally {
				open.depth--;
			}
		}
		// Begun inside a transaction that has ended: it was meant to be part of it, not to commit alone.
		if (afterItsTransaction()) throw outlived();
		for (let attempt = 1; ; attempt++) {
			try {
				return await once(fn, options);
			} catch (error) {
				const code = errorCode(error);
				if (!options.isolation || !code || !SERIALIZATION_FAILURE.has(code) || attempt >= SERIALIZABLE_ATTEMPTS) throw error;
				// Another transaction won the race; a short random pause keeps the two from meeting again.
				await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 7)));
			}
		}
	}

	const compile = (query: SQL) => pgDialect.sqlToQuery(query);
	const runner = (query: SQL, via?: Query) => {
		const { sql, params } = compile(query);
		refuseTransactionControl(sql);
		const open = inside();
		if (via && !open) throw new Error('a transaction handle used after its transaction ended');
		if (!via && open) throw new Error('data.rows/execute without the transaction handle inside data.transaction');
		return (via && open ? open.client : pool).query(sql, params.map(rawParam));
	};

	return {
		dialect: 'postgres',
		q,
		t: pgSchema,
		transaction,
		async rows<Row>(query: SQL, via?: Query): Promise<Row[]> {
			return (await runner(query, via)).rows as Row[];
		},
		async execute(query: SQL, via?: Query): Promise<number> {
			return (await runner(query, via)).rowCount ?? 0;
		},
		prepare(build) {
			const builder = build(routed, pgSchema);
			return preparedStatement(builder.prepare(nameOf(builder)));
		},
		async close() {
			await pool.end();
		}
	};
}

/**
 * A pool on `url` with the schema migrated (every instance calls this at start-up; see migratePostgres).
 * `statementTimeoutMs` (default 30 s) ends any statement that runs, or waits for a lock, longer:
 * a database that hangs fails a request, a document's load or a job plainly (SQLSTATE 57014, a
 * passing error the document server retries) instead of keeping it waiting for ever.
 */
export async function openPostgresData(url: string, options: { max?: number; statementTimeoutMs?: number } = {}): Promise<Data> {
	const { migratePostgres } = await import('./postgres');
	await migratePostgres(url);
	const pool = new pg.Pool({
		connectionString: url,
		max: options.max ?? 10,
		// Bounds, so a stuck transaction or an exhausted pool fails plainly instead of hanging every request.
		connectionTimeoutMillis: 10_000,
		idle_in_transaction_session_timeout: 60_000,
		statement_timeout: options.statementTimeoutMs ?? 30_000
	});
	// An idle connection the server dropped must not crash the process; the pool replaces it.
	pool.on('error', () => {});
	return postgresData(pool);
}
