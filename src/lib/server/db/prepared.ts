import type { Data, Preparable, Prepared, Query, Tables } from './client';
import type { Db } from './index';

/**
 * A query built and compiled once per database connection instead of once per call. Every
 * request runs a few of the same queries (its session, its roles); building them with drizzle
 * and compiling them in SQLite each time was most of what a small request cost (measured with
 * `npm run bench:plenary`). Use `sql.placeholder` for the values.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
	const cache = new WeakMap<Db, T>();
	return (db) => {
		let query = cache.get(db);
		if (!query) cache.set(db, (query = build(db)));
		return query;
	};
}

/**
 * `preparedFor` on the asynchronous data layer: a statement defined once, at module level, and
 * built once per handle (`data.prepare`), then run with its placeholders' values, on its own or
 * inside a transaction. Building a query with drizzle costs several times what running it does
 * (`npm run bench:data`); a hot path pays it once.
 *
 *     const personById = preparedOn((q, t) => q.select().from(t.people).where(eq(t.people.id, sql.placeholder('id'))));
 *     const person = await personById(data).first({ id });        // on its own
 *     await data.transaction(async (tx) => personById(data).first({ id }, tx));   // inside
 */
export function preparedOn<B extends Preparable>(build: (q: Query, t: Tables) => B): (data: Data) => Prepared<Awaited<B>> {
	const cache = new WeakMap<Data, Prepared<Awaited<B>>>();
	return (data) => {
		let statement = cache.get(data);
		if (!statement) cache.set(data, (statement = data.prepare(build)));
		return statement;
	};
}
