import { getTableColumns, getTableName, is, Table, type Column } from 'drizzle-orm';

/**
 * A Drizzle schema module as the app sees it: for every exported table its SQL name, and for every
 * column the value the app reads and writes (a string, number, Date, boolean, JSON or Buffer), its
 * enum, whether it may be null and how it gets a default. Two modules described alike give the
 * app the same values, whatever each stores.
 */
export function describeSchemaModule(module: Record<string, unknown>): Map<string, string> {
	const described = new Map<string, string>();
	for (const [exportName, value] of Object.entries(module)) {
		if (!is(value, Table)) continue;
		described.set(exportName, `table ${getTableName(value)}`);
		for (const [key, column] of Object.entries(getTableColumns(value))) described.set(`${exportName}.${key}`, describeColumn(column));
	}
	return described;
}

/** Custom columns say only their SQL type; ours are the two in schema-pg/columns.ts. */
const CUSTOM_VALUES: Record<string, string> = { bigint: 'date', bytea: 'buffer' };

function describeColumn(column: Column): string {
	const value = column.dataType === 'custom' ? (CUSTOM_VALUES[column.getSQLType()] ?? `custom ${column.getSQLType()}`) : column.dataType;
	const words = [column.name, value];
	if (column.enumValues?.length) words.push(`one of ${column.enumValues.join('|')}`);
	if (column.primary) words.push('primary key');
	if (column.notNull) words.push('not null');
	if (column.default !== undefined) words.push(`default ${JSON.stringify(column.default)}`);
	if (column.defaultFn) words.push('default from code');
	return words.join(' ');
}

/** Every difference between two descriptions, named: what is missing where, and what differs. */
export function compareDescriptions(kind: string, sqlite: Map<string, string>, postgres: Map<string, string>): string[] {
	const differences: string[] = [];
	for (const [key, value] of sqlite) {
		if (!postgres.has(key)) differences.push(`${kind} ${key} (${value || 'present'}) is in SQLite but missing in PostgreSQL`);
		else if (postgres.get(key) !== value) differences.push(`${kind} ${key} differs: SQLite "${value}", PostgreSQL "${postgres.get(key)}"`);
	}
	for (const [key, value] of postgres) if (!sqlite.has(key)) differences.push(`${kind} ${key} (${value || 'present'}) is in PostgreSQL but missing in SQLite`);
	return differences;
}
