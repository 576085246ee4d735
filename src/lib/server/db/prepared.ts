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
