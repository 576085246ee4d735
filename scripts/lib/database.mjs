// The running server's database, opened by a script or a test beside it for its own reads and writes.

export const isPostgres = (database) => /^postgres(ql)?:\/\//i.test(database);

/**
 * The database a bench's server runs on, for the bench's own reads and writes around it: a SQLite
 * file (better-sqlite3; the server has it open too, WAL) or a `postgres://` URL (one `pg` client).
 * The same SQL on both (`?` placeholders, double-quoted aliases for camelCase), every call async:
 * `all`, `get` (the first row), `run`, `transaction(fn)` and `close`. PostgreSQL's count(*) is a
 * bigint, handed over as a string: wrap it in Number().
 */
export async function openDatabase(database) {
	if (isPostgres(database)) {
		const { default: pg } = await import('pg');
		const connection = new pg.Client({ connectionString: database });
		await connection.connect();
		const numbered = (sql) => {
			let n = 0;
			return sql.replace(/\?/g, () => `$${++n}`);
		};
		const all = async (sql, params = []) => (await connection.query(numbered(sql), params)).rows;
		return {
			dialect: 'postgres',
			all,
			get: async (sql, params) => (await all(sql, params))[0],
			run: async (sql, params) => void (await all(sql, params)),
			async transaction(fn) {
				await connection.query('BEGIN');
				try {
					const result = await fn();
					await connection.query('COMMIT');
					return result;
				} catch (error) {
					// A rollback that fails (the connection lost) must not hide why the transaction failed.
					await connection.query('ROLLBACK').catch(() => {});
					throw error;
				}
			},
			close: () => connection.end()
		};
	}
	const { default: Database } = await import('better-sqlite3');
	const db = new Database(database);
	db.pragma('busy_timeout = 10000');
	const statements = new Map();
	const prepared = (sql) => {
		if (!statements.has(sql)) statements.set(sql, db.prepare(sql));
		return statements.get(sql);
	};
	return {
		dialect: 'sqlite',
		all: async (sql, params = []) => prepared(sql).all(...params),
		get: async (sql, params = []) => prepared(sql).get(...params),
		run: async (sql, params = []) => void prepared(sql).run(...params),
		async transaction(fn) {
			db.exec('BEGIN IMMEDIATE');
			try {
				const result = await fn();
				db.exec('COMMIT');
				return result;
			} catch (error) {
				if (db.inTransaction) db.exec('ROLLBACK');
				throw error;
			}
		},
		close: async () => db.close()
	};
}
