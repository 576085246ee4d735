// `npm test`: installs what the tests need (npm packages, Debian's chromium), builds, then runs
// every test: Vitest (unit + integration on real SQLite files and sockets) and Playwright
// (end-to-end in Chromium against the built server). Ends with one "N passed, N failed" line.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, ensureBuild, ensureDebianPackages, ensureNpmDependencies, log, root, run } from './lib/setup.mjs';

checkNode();
ensureNpmDependencies();
if (!existsSync('/usr/bin/chromium')) ensureDebianPackages(['chromium'], 'for the end-to-end tests');
ensureBuild();

const reports = join(root, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

log('Unit and integration tests (Vitest) …');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`]);

log('End-to-end tests (Playwright, Chromium) …');
const playwrightStatus = run('npx', ['playwright', 'test']);

function read(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}
const vitest = read(join(reports, 'vitest.json'));
const playwright = read(join(reports, 'playwright.json'));
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0);
const failed =
	(vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0) +
	(vitest ? 0 : 1) + (playwright ? 0 : 1);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);

console.log(`\nVitest: ${vitest?.numPassedTests ?? '?'} passed, ${vitest?.numFailedTests ?? '?'} failed`);
console.log(`Playwright: ${playwright?.stats?.expected ?? '?'} passed, ${playwright?.stats?.unexpected ?? '?'} failed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(vitestStatus !== 0 || playwrightStatus !== 0 || failed > 0 || passed === 0 ? 1 : 0);
