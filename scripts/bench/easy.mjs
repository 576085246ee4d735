// npm run bench:easy
// The easy pages' figures of the issue, measured by Lighthouse in mobile emulation (its default:
// a mid-range phone, slow 4G, simulated throttling) on the easy agenda page of today's demo
// session, as the demo self-advocate sees it: accessibility 100, performance ≥ 95, and at most
// 30 KB of JavaScript (gzip) shipped to the page. Our production server (build/server.js) runs
// as a child process on a fresh database with the demo seed; the self-advocate signs in with
// her personal link and Lighthouse sends her session cookie with every request.
// Prints the figures against their targets and PASS/FAIL; exits with 1 when a check fails.
//
// Options: CHROME_PATH (/usr/bin/chromium), BENCH_BUILD=0 (use build/ as it is),
// BENCH_PAGE (a path to measure instead, e.g. /einfach), BENCH_JSON=file (Lighthouse's report).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ensureBuild } from '../lib/setup.mjs';
import { startOurs, table } from './lib.mjs';

const TARGETS = { accessibility: 100, performance: 95, scriptKiB: 30 };

if (process.env.BENCH_BUILD !== '0') ensureBuild();
const server = await startOurs();
let chrome;
let failed = false;
try {
	const origin = server.url.replace(/^ws:/, 'http:').replace(/\/collab$/, '');
	const access = JSON.parse(readFileSync(join(server.home, 'demo-access.json'), 'utf8')).access;
	const person = access.find((a) => a.role.startsWith('Selbstvertreterin'));
	// The sign-in is the link page's one button: a POST to the link.
	const signIn = await fetch(person.link.replace(/^http:\/\/[^/]+/, origin), {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: ''
	});
	const cookie = signIn.headers
		.getSetCookie()
		.find((c) => c.startsWith('ratschlag_session='))
		?.split(';')[0];
	if (!cookie) throw new Error(`no session from ${person.name}'s link (${signIn.status})`);
	if (signIn.headers.get('location') !== '/einfach') throw new Error(`${person.name} landed on ${signIn.headers.get('location')}, not /einfach`);

	// Today's session, as her start page links it.
	const today = await (await fetch(`${origin}/einfach`, { headers: { cookie } })).text();
	const sessionPath = /href="(\/einfach\/sitzung\/[^"]+)"/.exec(today)?.[1];
	if (!sessionPath && !process.env.BENCH_PAGE) throw new Error('no session today on /einfach');
	const url = `${origin}${process.env.BENCH_PAGE ?? sessionPath}`;
	console.log(`Lighthouse (mobile) on ${url} as ${person.name} …`);

	chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
		chromeFlags: [
			'--headless=new',
			'--no-sandbox',
			'--disable-gpu',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	const result = await lighthouse(url, {
		port: chrome.port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['accessibility', 'performance'],
		extraHeaders: { Cookie: cookie }
	});
	const lhr = result.lhr;
	if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, result.report);
	if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);

	// Scripts the page loaded, each fetched again and gzipped (what a phone gets at best).
	const requests = lhr.audits['network-requests'].details?.items ?? [];
	const scripts = requests.filter((r) => r.resourceType === 'Script');
	const scriptRows = [];
	let gzipBytes = 0;
	for (const script of scripts) {
		const body = Buffer.from(await (await fetch(script.url, { headers: { cookie } })).arrayBuffer());
		const gz = gzipSync(body, { level: 9 }).length;
		gzipBytes += gz;
		scriptRows.push([new URL(script.url).pathname, `${body.length} B`, `${gz} B`, `${script.transferSize} B`]);
	}

	const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
	const metric = (id) => lhr.audits[id];
	const checks = [
		['accessibility score', score('accessibility'), `= ${TARGETS.accessibility}`, score('accessibility') >= TARGETS.accessibility],
		['performance score', score('performance'), `≥ ${TARGETS.performance}`, score('performance') >= TARGETS.performance],
		[
			'JavaScript (gzip)',
			`${(gzipBytes / 1024).toFixed(1)} KB in ${scripts.length} file(s)`,
			`≤ ${TARGETS.scriptKiB} KB`,
			gzipBytes <= TARGETS.scriptKiB * 1024
		]
	];
	console.log('\nScripts on the page:');
	console.log(table(['script', 'size', 'gzip -9', 'transferred'], scriptRows.length ? scriptRows : [['(none)', '', '', '']]));
	console.log('\nMetrics (simulated mobile):');
	console.log(
		table(
			['metric', 'value'],
			[
				['First Contentful Paint', metric('first-contentful-paint').displayValue],
				['Largest Contentful Paint', metric('largest-contentful-paint').displayValue],
				['Total Blocking Time', metric('total-blocking-time').displayValue],
				['Cumulative Layout Shift', metric('cumulative-layout-shift').displayValue],
				['Speed Index', metric('speed-index').displayValue]
			]
		)
	);
	const failing = Object.values(lhr.audits).filter(
		(a) => a.scoreDisplayMode === 'binary' && a.score === 0 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id)
	);
	if (failing.length) console.log(`\nAccessibility audits failing: ${failing.map((a) => a.id).join(', ')}`);
	console.log('\nAgainst the targets:');
	console.log(
		table(
			['check', 'measured', 'target', 'result'],
			checks.map(([name, value, target, ok]) => [name, String(value), target, ok ? 'PASS' : 'FAIL'])
		)
	);
	failed = checks.some(([, , , ok]) => !ok);
} finally {
	await chrome?.kill();
	await server.stop();
	server.cleanup();
}
process.exit(failed ? 1 : 0);
