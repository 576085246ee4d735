import type Database from 'better-sqlite3';
import type pg from 'pg';
import { compareDescriptions } from './schemaCode';

/**
 * One database's schema, read from its own catalogue and put in words both dialects share, so two
 * catalogues can be compared entry by entry. Each map goes from a name a person can look for
 * ("table.column", "table.index_name" …) to a description; equal descriptions mean the same thing.
 */
export interface Catalogue {
	tables: Set<string>;
	/** "table.column" → "integer not null default 0" */
	columns: Map<string, string>;
	/** "table" → "primary key (a, b)" */
	primaryKeys: Map<string, string>;
	/** "table.index" → "unique (a, b) where <predicate>" */
	indexes: Map<string, string>;
	/** "table (a) → other (b)" → "on delete cascade" */
	foreignKeys: Map<string, string>;
	/** "table.check_name" → "check" */
	checks: Map<string, string>;
	/** "trigger_name" → "before update of a, b on table: refuses with '<message>'" */
	triggers: Map<string, string>;
}

/**
 * Types by what SQLite stores, the coarser of the two: a PostgreSQL boolean is SQLite's 0/1
 * integer, jsonb is SQLite's JSON text, bytea its blob, bigint milliseconds its integer.
 */
const POSTGRES_FAMILY: Record<string, string> = {
	text: 'text',
	jsonb: 'text',
	boolean: 'integer',
	integer: 'integer',
	bigint: 'integer',
	bytea: 'blob'
};

/** A default or predicate as words: no quoting, casts, table prefixes, parentheses or case. */
function normaliseExpression(expression: string): string {
	return expression
		.replace(/::[a-z ]+/gi, '')
		.replace(/["`]/g, '')
		.replace(/\b[a-z_]+\.(?=[a-z_])/gi, '')
		.replace(/[()]/g, '')
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}

/** `BEFORE UPDATE OF a, b ON table`, read from either dialect's CREATE TRIGGER text. */
function triggerShape(definition: string): string {
	const match = /\b(BEFORE|AFTER|INSTEAD OF)\s+(INSERT|UPDATE|DELETE)(?:\s+OF\s+(.+?))?\s+ON\s+[`"]?(?:public\.)?([a-z_]+)/is.exec(definition);
	if (!match) throw new Error(`unreadable trigger: ${definition}`);
	const columns = match[3]
		? ` of ${match[3]
				.replace(/[`"\s]/g, '')
				.split(',')
				.sort()
				.join(', ')}`
		: '';
	return `${match[1].toLowerCase()} ${match[2].toLowerCase()}${columns} on ${match[4]}`;
}

function empty(): Catalogue {
	return { tables: new Set(), columns: new Map(), primaryKeys: new Map(), indexes: new Map(), foreignKeys: new Map(), checks: new Map(), triggers: new Map() };
}

export function readSqliteCatalogue(client: Database.Database): Catalogue {
	const catalogue = empty();
	const tables = client
		.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`)
		.all() as { name: string; sql: string }[];
	for (const { name: table, sql } of tables) {
		catalogue.tables.add(table);
		const columns = client.prepare('SELECT name, type, "notnull" AS not_null, dflt_value AS dflt, pk FROM pragma_table_info(?)').all(table) as {
			name: string;
			type: string;
			not_null: number;
			dflt: string | null;
			pk: number;
		}[];
		for (const column of columns) {
			// A one-column integer primary key is SQLite's rowid, never null whatever the pragma says.
			const notNull = column.not_null === 1 || (column.pk > 0 && column.type.toLowerCase() === 'integer');
			catalogue.columns.set(`${table}.${column.name}`, describeColumn(column.type.toLowerCase(), notNull, column.dflt));
		}
		const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
		if (pk.length) catalogue.primaryKeys.set(table, `primary key (${pk.map((c) => c.name).join(', ')})`);

		const indexes = client.prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`).all(table) as {
			name: string;
			unique: number;
			origin: string;
		}[];
		for (const index of indexes) {
			if (index.origin === 'pk') continue;
			const indexColumns = (client.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as { name: string }[]).map((c) => c.name);
			const indexSql =
				(client.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(index.name) as { sql: string | null } | undefined)?.sql ?? '';
			const predicate = /\bWHERE\b(.*)$/is.exec(indexSql)?.[1] ?? null;
			catalogue.indexes.set(`${table}.${index.name}`, describeIndex(index.unique === 1, indexColumns, predicate));
		}

		const foreignKeys = client
			.prepare(
				'SELECT id, seq, "table" AS target, "from" AS source, "to" AS targetColumn, on_delete AS onDelete FROM pragma_foreign_key_list(?) ORDER BY id, seq'
			)
			.all(table) as {
			id: number;
			target: string;
			source: string;
			targetColumn: string;
			onDelete: string;
		}[];
		for (const id of new Set(foreignKeys.map((fk) => fk.id))) {
			const parts = foreignKeys.filter((fk) => fk.id === id);
			const key = `${table} (${parts.map((p) => p.source).join(', ')}) → ${parts[0].target} (${parts.map((p) => p.targetColumn).join(', ')})`;
			catalogue.foreignKeys.set(key, `on delete ${parts[0].onDelete.toLowerCase()}`);
		}

		for (const match of sql.matchAll(/CONSTRAINT\s+["`]?(\w+)["`]?\s+CHECK\b/gi)) catalogue.checks.set(`${table}.${match[1]}`, 'check');
	}
	const triggers = client.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[];
	for (const { name, sql } of triggers) {
		const message = /RAISE\s*\(\s*ABORT\s*,\s*'((?:[^']|'')*)'\s*\)/i.exec(sql)?.[1] ?? '?';
		catalogue.triggers.set(name, `${triggerShape(sql)}: refuses with '${message}'`);
	}
	return catalogue;
}

export async function readPostgresCatalogue(client: pg.Client): Promise<Catalogue> {
	const catalogue = empty();
	const query = async <T>(text: string): Promise<T[]> => (await client.query(text)).rows as T[];

	for (const { table_name } of await query<{ table_name: string }>(
		`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
	))
		catalogue.tables.add(table_name);

	const columns = await query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
		`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public'`
	);
	for (const column of columns) {
		const family = POSTGRES_FAMILY[column.data_type] ?? `unmapped ${column.data_type}`;
		catalogue.columns.set(`${column.table_name}.${column.column_name}`, describeColumn(family, column.is_nullable === 'NO', column.column_default));
	}

	const indexes = await query<{ table: string; index: string; primary: boolean; unique: boolean; columns: string[]; predicate: string | null }>(
		`SELECT t.relname AS table, i.relname AS index, x.indisprimary AS primary, x.indisunique AS unique,
			array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
			pg_get_expr(x.indpred, x.indrelid) AS predicate
		FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public'`
	);
	for (const index of indexes) {
		if (index.primary) catalogue.primaryKeys.set(index.table, `primary key (${index.columns.join(', ')})`);
		else catalogue.indexes.set(`${index.table}.${index.index}`, describeIndex(index.unique, index.columns, index.predicate));
	}

	const constraints = await query<{
		table: string;
		name: string;
		type: string;
		on_delete: string;
		target: string | null;
		columns: string[];
		target_columns: string[] | null;
	}>(
		`SELECT t.relname AS table, c.conname AS name, c.contype AS type, c.confdeltype AS on_delete, r.relname AS target,
			array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
			array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS target_columns
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND c.contype IN ('f', 'c')`
	);
	const ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
	for (const constraint of constraints) {
		if (constraint.type === 'c') catalogue.checks.set(`${constraint.table}.${constraint.name}`, 'check');
		else
			catalogue.foreignKeys.set(
				`${constraint.table} (${constraint.columns.join(', ')}) → ${constraint.target} (${(constraint.target_columns ?? []).join(', ')})`,
				`on delete ${ON_DELETE[constraint.on_delete]}`
			);
	}

	const triggers = await query<{ name: string; definition: string; body: string }>(
		`SELECT tg.tgname AS name, pg_get_triggerdef(tg.oid) AS definition, pg_get_functiondef(tg.tgfoid) AS body
		FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND NOT tg.tgisinternal`
	);
	for (const { name, definition, body } of triggers) {
		// The message is the trigger's argument to refuse_change(), or written in its own function.
		const message = /EXECUTE FUNCTION \w+\('((?:[^']|'')*)'\)/.exec(definition)?.[1] ?? /MESSAGE\s*=\s*'((?:[^']|'')*)'/i.exec(body)?.[1] ?? '?';
		catalogue.triggers.set(name, `${triggerShape(definition)}: refuses with '${message}'`);
	}
	return catalogue;
}

function describeColumn(family: string, notNull: boolean, dflt: string | null): string {
	return `${family}${notNull ? ' not null' : ''}${dflt === null ? '' : ` default ${normaliseExpression(dflt)}`}`;
}

function describeIndex(unique: boolean, columns: string[], predicate: string | null): string {
	return `${unique ? 'unique ' : ''}(${columns.join(', ')})${predicate ? ` where ${normaliseExpression(predicate)}` : ''}`;
}

/**
 * Every difference between two catalogues in words: what is missing where, and what differs. An
 * empty list means the schemas are in lockstep.
 */
export function compareCatalogues(sqlite: Catalogue, postgres: Catalogue): string[] {
	const differences: string[] = [];
	const compareMaps = (kind: string, a: Map<string, string>, b: Map<string, string>) => differences.push(...compareDescriptions(kind, a, b));
	const sets = (kind: string, a: Set<string>, b: Set<string>) => compareMaps(kind, new Map([...a].map((k) => [k, ''])), new Map([...b].map((k) => [k, ''])));
	sets('table', sqlite.tables, postgres.tables);
	compareMaps('column', sqlite.columns, postgres.columns);
	compareMaps('primary key of', sqlite.primaryKeys, postgres.primaryKeys);
	compareMaps('index', sqlite.indexes, postgres.indexes);
	compareMaps('foreign key', sqlite.foreignKeys, postgres.foreignKeys);
	compareMaps('check', sqlite.checks, postgres.checks);
	compareMaps('trigger', sqlite.triggers, postgres.triggers);
	return differences;
}
