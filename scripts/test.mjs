// `npm test`: installs what the tests need (npm packages, Debian's chromium and libxml2-utils), checks lint and
// format (`npm run lint`), builds, then runs every test: Vitest (unit + integration on real SQLite
// files and sockets) and Playwright (end-to-end in Chromium against the built server). Lint counts
// as one check: when it fails, the run fails, but the tests still run so one CI run shows all.
// Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, ensureBuild, ensureDebianPackages, ensureNpmDependencies, log, root, run } from './lib/setup.mjs';

checkNode();
ensureNpmDependencies();

log('Lint and format (Prettier, ESLint) …');
const lintStatus = lint();

if (!existsSync('/usr/bin/chromium')) ensureDebianPackages(['chromium'], 'for the end-to-end tests');
// The SEPA payout files are checked against the bank's XSD with libxml2's validator.
if (!existsSync('/usr/bin/xmllint')) ensureDebianPackages(['libxml2-utils'], 'xmllint, for the SEPA file tests');
ensureBuild();

const reports = join(root, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

log('Unit and integration tests (Vitest) …');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`]);

log('End-to-end tests (Playwright, Chromium) …');
const playwrightStatus = run('npx', ['playwright', 'test']);

/**
 * `npm run lint`, both halves even when the first fails, with at most ten unformatted files named.
 * The caches (in node_modules/.cache) make a second run on a developer's machine take seconds.
 */
function lint() {
	const prettier = spawnSync('npx', ['prettier', '--list-different', '--cache', '.'], { cwd: root, encoding: 'utf8' });
	const unformatted = prettier.stdout.split('\n').filter(Boolean);
	if (prettier.status !== 0 && unformatted.length === 0) process.stderr.write(prettier.stderr);
	if (unformatted.length > 0) {
		console.log(`Prettier: ${unformatted.length} file(s) not formatted:`);
		for (const file of unformatted.slice(0, 10)) console.log(`  ${file}`);
		if (unformatted.length > 10) console.log(`  … and ${unformatted.length - 10} more`);
	}
	const eslintStatus = run('npx', ['eslint', '--cache', '--cache-location', 'node_modules/.cache/eslint/', '.']);
	const ok = prettier.status === 0 && eslintStatus === 0;
	if (!ok) log('Lint failed: `npm run format` formats and fixes what ESLint can; the rest is listed above.');
	return ok ? 0 : 1;
}

function read(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}
const vitest = read(join(reports, 'vitest.json'));
const playwright = read(join(reports, 'playwright.json'));
const lintPassed = lintStatus === 0;
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (lintPassed ? 1 : 0);
const failed =
	(lintPassed ? 0 : 1) +
	(vitest?.numFailedTests ?? 0) +
	(playwright?.stats?.unexpected ?? 0) +
	(playwright?.stats?.flaky ?? 0) +
	(vitest ? 0 : 1) +
	(playwright ? 0 : 1);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);

console.log(`\nLint: ${lintPassed ? 'passed' : 'failed (npm run format fixes formatting)'}`);
console.log(`Vitest: ${vitest?.numPassedTests ?? '?'} passed, ${vitest?.numFailedTests ?? '?'} failed`);
console.log(`Playwright: ${playwright?.stats?.expected ?? '?'} passed, ${playwright?.stats?.unexpected ?? '?'} failed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${lintPassed ? '' : ' (lint failed)'}`);
process.exit(!lintPassed || vitestStatus !== 0 || playwrightStatus !== 0 || failed > 0 || passed === 0 ? 1 : 0);
