// No database: this reads the source files and their imports.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SERVER = join(ROOT, 'src/lib/server');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
	});
}

describe('names', () => {
	it('each command file exports the one use case it is named after (helpers live in commands/support/)', async () => {
		const dir = join(SERVER, 'commands');
		const files = readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
		expect(files.length).toBeGreaterThan(40);
		const wrong: Record<string, string[]> = {};
		for (const file of files) {
			const exports = Object.keys(await import(/* @vite-ignore */ join(dir, file)));
			if (exports.join() !== basename(file, '.ts')) wrong[file] = exports;
		}
		expect(wrong).toEqual({});
		// Importing every command transforms most of the server: seconds on a busy machine, and more with each use case.
	}, 90_000);
});

describe('the domain layer knows nothing of the web', () => {
	it('commands, queries, policies and effects never import SvelteKit', () => {
		const layers = ['commands', 'queries', 'policies', 'effects'].flatMap((layer) => sourceFiles(join(SERVER, layer)));
		layers.push(...sourceFiles(join(ROOT, 'src/lib/domain')));
		const offenders = layers.filter((file) => /from '(@sveltejs\/kit|\$app\/)/.test(readFileSync(file, 'utf8')));
		expect(offenders.map((file) => file.slice(ROOT.length + 1))).toEqual([]);
	});
});

describe('the integration suite on both databases', () => {
	it('runs each file on SQLite and PostgreSQL, or says in its first line why it does not', () => {
		const files = readdirSync(join(ROOT, 'tests/integration'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts'));
		expect(files.length).toBeGreaterThan(100);
		const silent = files.filter((name) => {
			const source = readFileSync(join(ROOT, 'tests/integration', name), 'utf8');
			const onBoth = /describe\.each\(DIALECTS\)/.test(source);
			const reason = /^\/\/ (On SQLite only|On PostgreSQL only|On both databases|No database): \S/.test(source);
			return !onBoth && !reason;
		});
		expect(silent.sort()).toEqual([]);
	});
});
