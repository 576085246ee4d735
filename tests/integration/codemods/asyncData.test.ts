// No database: the codemod rewrites source files of a small project in a temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CODEMOD = resolve('scripts/codemods/asyncData.mjs');

/** A small project in the shape of ours: a schema per dialect, the synchronous `Db`, a module and its callers. */
const FIXTURE: Record<string, string> = {
	'tsconfig.json': JSON.stringify({
		compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: true, noEmit: true },
		include: ['src/**/*.ts', 'tests/**/*.ts']
	}),
	'src/lib/server/db/schema/index.ts': `import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
export const people = sqliteTable('people', { id: text('id').primaryKey(), name: text('name').notNull() });
`,
	'src/lib/server/db/schema-pg/index.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';
export const people = pgTable('people', { id: text('id').primaryKey(), name: text('name').notNull() });
`,
	'src/lib/server/db/index.ts': `import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export declare function getDb(): Db;
`,
	'src/lib/server/db/client.ts': `export type Data = unknown;
export declare function sqliteData(client: unknown): Data;
`,
	'src/lib/server/db/data.ts': `export declare function getData(): unknown;
`,
	'src/lib/server/effects/index.ts': `import type { Db } from '../db';
export type Effects = { renamed(payload: { id: string }): void };
export declare function transact<T>(db: Db, fn: (tx: Db, effects: Effects) => T): T;
export declare function transactOn<T>(data: unknown, fn: (tx: unknown, effects: Effects) => Promise<T>): Promise<T>;
`,
	'src/lib/server/people.ts': `import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from './db';
import { people } from './db/schema';
import { transact } from './effects';

export function findPerson(db: Db, id: string) {
	return db.select().from(people).where(eq(people.id, id)).get();
}

export function rename(db: Db, id: string, name: string): number {
	return db.update(people).set({ name }).where(eq(people.id, id)).run().changes;
}

export function renameAll(db: Db, names: Map<string, string>): void {
	db.transaction((tx) => {
		for (const [id, name] of names) tx.update(people).set({ name }).where(eq(people.id, id)).run();
	});
}

export function ping(db: Db) {
	return db.$client.prepare('SELECT 1').get();
}

export function add(db: Db, name: string) {
	return db.insert(people).values({ id: name, name }).returning().get();
}

export function pairs(db: Db) {
	const other = alias(people, 'other');
	return db.select({ a: people.name, b: other.name }).from(people).innerJoin(other, eq(other.name, people.name)).all();
}

export function renameAndTell(db: Db, id: string, name: string) {
	return transact(db, (tx, effects) => {
		tx.update(people).set({ name }).where(eq(people.id, id)).run();
		effects.renamed({ id });
		return name;
	});
}

/** Not a query: a Map's \`.get\` is left alone. */
export function label(names: Map<string, string>, id: string) {
	return names.get(id) ?? id;
}
`,
	'src/routes/page.ts': `import { getDb } from '../lib/server/db';
import { findPerson } from '../lib/server/people';

export function load(id: string) {
	const person = findPerson(getDb(), id);
	return { name: person?.name };
}

export function names(ids: string[]) {
	return ids.map((id) => findPerson(getDb(), id)?.name);
}

export declare function handle<R>(run: (id: string) => R | Promise<R>): Promise<R>;

export function submit() {
	return handle((id) => findPerson(getDb(), id)?.name);
}

export function outer(id: string) {
	return load(id).name;
}
`,
	'tests/integration/support/errors.ts': `export declare function codeOf(fn: () => unknown): string | undefined;
export declare function refusalOf(promise: Promise<unknown>): Promise<string | undefined>;
`,
	'tests/people.test.ts': `import type { Db } from '../src/lib/server/db';
import { findPerson, rename } from '../src/lib/server/people';
import { codeOf } from './integration/support/errors';

export function named(db: Db) {
	return findPerson(db, 'a')?.name;
}

export function refused(db: Db) {
	return codeOf(() => rename(db, 'a', ''));
}
`,
	'src/routes/already.ts': `import { getDb } from '../lib/server/db';
import { getData } from '../lib/server/db/data';
import { findPerson } from '../lib/server/people';

export function load(id: string) {
	return { data: getData(), person: findPerson(getDb(), id) };
}
`
};

describe('the asyncData codemod on a small project', () => {
	let dir: string;
	let output: { status: number | null; stdout: string; stderr: string };
	const read = (path: string) => readFileSync(join(dir, path), 'utf8');

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'asyncData-'));
		for (const [path, text] of Object.entries(FIXTURE)) {
			mkdirSync(dirname(join(dir, path)), { recursive: true });
			writeFileSync(join(dir, path), text);
		}
		symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
		const run = spawnSync(process.execPath, [CODEMOD, 'src/lib/server/people.ts'], { cwd: dir, encoding: 'utf8' });
		output = { status: run.status, stdout: run.stdout, stderr: run.stderr };
		// The codemod builds a type-checked program over drizzle's declarations: seconds, not milliseconds.
	}, 120_000);
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('turns the parameter into data, takes the tables from it, and awaits the builder where .get() was', () => {
		const people = read('src/lib/server/people.ts');
		expect(people).toContain('export async function findPerson(data: Data, id: string) {\n\tconst { people } = data.t;');
		expect(people).toContain('return first(await data.q.select().from(people).where(eq(people.id, id)));');
		expect(people).not.toMatch(/from '\.\/db\/schema'|from '\.\/db'|\.run\(\)/);
		expect(people).toContain("import { changedRows, type Data, first } from './db/client';");
	});

	it('reads the changed rows from the awaited statement and wraps the declared return type in Promise', () => {
		expect(read('src/lib/server/people.ts')).toContain(
			'export async function rename(data: Data, id: string, name: string): Promise<number> {\n\tconst { people } = data.t;\n\treturn changedRows(await data.q.update(people)'
		);
	});

	it('awaits the asynchronous transaction, whose callback becomes async and awaits its statements', () => {
		const people = read('src/lib/server/people.ts');
		expect(people).toContain('Promise<void>');
		expect(people).toContain('await data.transaction(async (tx) => {');
		expect(people).toContain('await tx.update(people).set({ name }).where(eq(people.id, id));');
	});

	it('takes the row an insert returned as the row, as .get() typed it', () => {
		expect(read('src/lib/server/people.ts')).toContain('return (await data.q.insert(people).values({ id: name, name }).returning())[0];');
	});

	it('takes an alias of a table from pg-core, as the tables of data.t are typed', () => {
		const people = read('src/lib/server/people.ts');
		expect(people).toContain("import { alias } from 'drizzle-orm/pg-core';");
		expect(people).toContain("const other = alias(people, 'other');");
		expect(people).toContain('return await data.q.select({ a: people.name, b: other.name })');
	});

	it('runs a command with effects on the data layer: transact becomes an awaited transactOn, imported in its place', () => {
		const people = read('src/lib/server/people.ts');
		expect(people).toContain(
			'export async function renameAndTell(data: Data, id: string, name: string) {\n\tconst { people } = data.t;\n\treturn await transactOn(data, async (tx, effects) => {\n\t\tawait tx.update(people).set({ name }).where(eq(people.id, id));\n\t\teffects.renamed({ id });'
		);
		expect(people).toContain("import { transactOn } from './effects';");
		expect(people).not.toMatch(/import \{ transact \}/);
	});

	it('leaves what is not a query alone', () => {
		expect(read('src/lib/server/people.ts')).toContain('export function label(names: Map<string, string>, id: string) {\n\treturn names.get(id) ?? id;');
	});

	it('awaits the callers to a fixpoint and hands them the data layer instead of getDb()', () => {
		const page = read('src/routes/page.ts');
		expect(page).toContain('export async function load(id: string) {\n\tconst person = await findPerson(getData(), id);');
		expect(page).toContain('export async function outer(id: string) {\n\treturn (await load(id)).name;');
		expect(page).toContain("import { getData } from '../lib/server/db/data';");
	});

	it('makes a callback async where its parameter takes a promise, not only where it is a test', () => {
		expect(read('src/routes/page.ts')).toContain('return handle(async (id) => (await findPerson(getData(), id))?.name);');
	});

	it('imports getData once where the caller imported it already', () => {
		const already = read('src/routes/already.ts');
		expect(already).toContain('person: await findPerson(getData(), id)');
		expect(already.match(/import \{ getData \}/g)).toHaveLength(1);
	});

	it("hands a test's own database to the moved function as the data layer on that connection", () => {
		const test = read('tests/people.test.ts');
		expect(test).toContain("export async function named(db: Db) {\n\treturn (await findPerson(sqliteData(db.$client), 'a'))?.name;");
		expect(test).toContain("import { sqliteData } from '../src/lib/server/db/client';");
	});

	it("asks a test's codeOf(() => command) of the promise instead: await refusalOf(command)", () => {
		const test = read('tests/people.test.ts');
		expect(test).toContain("export async function refused(db: Db) {\n\treturn await refusalOf(rename(sqliteData(db.$client), 'a', ''));");
		expect(test).toContain("import { refusalOf } from './integration/support/errors';");
		expect(test).not.toContain('codeOf');
	});

	it('lists what it cannot rewrite, with file and line, and leaves that code as it was', () => {
		expect(output.status).toBe(2);
		expect(output.stdout).toMatch(/src\/lib\/server\/people\.ts:22 .*\$client/);
		expect(read('src/lib/server/people.ts')).toContain("return data.$client.prepare('SELECT 1').get();");
		expect(output.stdout).toMatch(/src\/routes\/page\.ts:10 .*callback of `ids\.map`/);
		expect(read('src/routes/page.ts')).toContain('return ids.map((id) => findPerson(getData(), id)?.name);');
	});

	it('writes code that parses', () => {
		for (const path of ['src/lib/server/people.ts', 'src/routes/page.ts', 'src/routes/already.ts', 'tests/people.test.ts']) {
			const file = ts.createSourceFile(path, read(path), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
			expect((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, path).toEqual([]);
		}
	});
});
