// `npm test`: installs what the tests need (npm packages, Debian's chromium and libxml2-utils), checks lint and
// format (`npm run lint`), builds, then runs every test: Vitest (unit + integration on real SQLite
// files and sockets) and Playwright (end-to-end in Chromium against the built server). Lint counts
// as one check: when it fails, the run fails, but the tests still run so one CI run shows all.
// Ends with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { waitBeforeRun } from './lib/dayChange.mjs';
import { startPostgres, startRedis } from './lib/services.mjs';
import { checkNode, ensureBuild, ensureDebianPackages, ensureNpmDependencies, log, root, run } from './lib/setup.mjs';

checkNode();
ensureNpmDependencies();

log('Lint and format (Prettier, ESLint) …');
const lintStatus = lint();

// One apt-get run for everything missing: Chromium for the end-to-end tests, libxml2's validator
// for the SEPA payout files, PostgreSQL, Redis and nginx for the tests of both dialects and of
// several instances (each started privately on free ports, never as a system service).
ensureDebianPackages(['chromium', 'libxml2-utils', 'postgresql', 'redis-server', 'nginx'], 'for the tests');
ensureBuild();

const reports = join(root, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

// One private PostgreSQL and Redis for both runners (installed from Debian's packages when absent),
// unless TEST_POSTGRES_URL / TEST_REDIS_URL already name servers to use.
const services = [];
// Ctrl-C or CI's SIGTERM: the private servers go with the run (services.mjs kills them on exit).
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
if (!process.env.TEST_POSTGRES_URL) {
	log('PostgreSQL (private, for the tests of both dialects and of several instances) …');
	const pg = await startPostgres();
	services.push(pg);
	process.env.TEST_POSTGRES_URL = pg.url;
}
if (!process.env.TEST_REDIS_URL) {
	log('Redis (private, for the tests of several instances) …');
	const redis = await startRedis();
	services.push(redis);
	process.env.TEST_REDIS_URL = redis.url;
}

log('Unit and integration tests (Vitest) …');
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`]);

// The demo's sitting of today must stay today's for the whole run (see lib/dayChange.mjs); a run
// takes about 30 minutes on two cores.
const wait = waitBeforeRun(35);
if (wait > 0) {
	log(
		`Waiting ${Math.ceil(wait)} min for midnight in Berlin: the end-to-end tests use the demo's sitting of today, which would become yesterday's during the run …`
	);
	await new Promise((resolve) => setTimeout(resolve, wait * 60_000));
}
log('End-to-end tests (Playwright, Chromium) …');
const playwrightStatus = run('npx', ['playwright', 'test']);

// --- Several instances (tests/cluster, playwright.cluster.config.ts): two production servers behind
// nginx with Redis (TEST_REDIS_URL), started by the tests' own fixture; their own report file.
log('Tests across instances (Playwright, two servers behind nginx, Redis) …');
const clusterStatus = run('npx', ['playwright', 'test', '-c', 'playwright.cluster.config.ts']);
// --- end of the block for several instances
await Promise.all(services.map((service) => service.stop()));

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
const cluster = read(join(reports, 'playwright-cluster.json'));
const lintPassed = lintStatus === 0;
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (cluster?.stats?.expected ?? 0) + (lintPassed ? 1 : 0);
const failed =
	(lintPassed ? 0 : 1) +
	(vitest?.numFailedTests ?? 0) +
	(playwright?.stats?.unexpected ?? 0) +
	(playwright?.stats?.flaky ?? 0) +
	(cluster?.stats?.unexpected ?? 0) +
	(cluster?.stats?.flaky ?? 0) +
	(vitest ? 0 : 1) +
	(playwright ? 0 : 1) +
	(cluster ? 0 : 1);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0) + (cluster?.stats?.skipped ?? 0);

// CI shows only the end of the output: name every failed test here, where it is seen.
const failures = [
	...(vitest?.testResults ?? []).flatMap((file) =>
		(file.assertionResults ?? []).filter((test) => test.status === 'failed').map((test) => `${file.name.replace(`${root}/`, '')} › ${test.fullName}`)
	),
	...playwrightFailures(playwright?.suites ?? []),
	...playwrightFailures(cluster?.suites ?? [])
];
if (failures.length > 0) {
	console.log('\nFailed:');
	for (const failure of failures.slice(0, 20)) console.log(`  ✘ ${failure}`);
	if (failures.length > 20) console.log(`  … and ${failures.length - 20} more`);
}

// The trace and screenshots stay on the CI machine; what the page showed when a browser test
// failed is printed here, so that a failure seen only on CI can be read from its output.
const snapshots = [...failedSpecs(playwright?.suites ?? []), ...failedSpecs(cluster?.suites ?? [])].slice(0, 3);
for (const spec of snapshots) {
	const attachment = spec.tests
		.flatMap((test) => test.results ?? [])
		.flatMap((result) => result.attachments ?? [])
		.find((a) => a.name === 'error-context' && a.path);
	const context = attachment ? readText(attachment.path) : null;
	// The error context is a Markdown file of "# " sections (the error, the page snapshot, the test's source).
	const snapshot = context
		?.split(/^# /m)
		.find((section) => section.startsWith('Page snapshot'))
		?.replace(/^Page snapshot\s*/, '')
		.trim();
	console.log(`\nWhat the page showed at the failure of ${spec.file}:${spec.line}:`);
	if (!snapshot) console.log('  (Playwright took no page snapshot: no page was open, or it did not answer within 5 s)');
	else
		for (const line of snapshot
			.split('\n')
			.filter((l) => !l.startsWith('```'))
			.slice(0, 60))
			console.log(`  ${line}`);
}

/** Playwright's JSON nests suites by file and `describe`; a spec failed when a test ended unexpected or flaky. */
function failedSpecs(suites) {
	return suites.flatMap((suite) => [
		...(suite.specs ?? []).filter((spec) => (spec.tests ?? []).some((test) => test.status === 'unexpected' || test.status === 'flaky')),
		...failedSpecs(suite.suites ?? [])
	]);
}

function playwrightFailures(suites) {
	return failedSpecs(suites).map((spec) => `${spec.file}:${spec.line} › ${spec.title}`);
}

function readText(file) {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return null;
	}
}

console.log(`\nLint: ${lintPassed ? 'passed' : 'failed (npm run format fixes formatting)'}`);
console.log(`Vitest: ${vitest?.numPassedTests ?? '?'} passed, ${vitest?.numFailedTests ?? '?'} failed`);
console.log(`Playwright: ${playwright?.stats?.expected ?? '?'} passed, ${playwright?.stats?.unexpected ?? '?'} failed`);
console.log(`Across instances: ${cluster?.stats?.expected ?? '?'} passed, ${cluster?.stats?.unexpected ?? '?'} failed`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${lintPassed ? '' : ' (lint failed)'}`);
process.exit(!lintPassed || vitestStatus !== 0 || playwrightStatus !== 0 || clusterStatus !== 0 || failed > 0 || passed === 0 ? 1 : 0);
