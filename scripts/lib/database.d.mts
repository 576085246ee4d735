/** Whether `database` names a PostgreSQL server (else it is a SQLite file). */
export function isPostgres(database: string): boolean;

/** A script's own handle on a running server's database: the same SQL, `?` placeholders, on both. */
export interface RawDatabase {
	dialect: 'sqlite' | 'postgres';
	all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
	get<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
	run(sql: string, params?: unknown[]): Promise<void>;
	transaction<T>(fn: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

export function openDatabase(database: string): Promise<RawDatabase>;
