import { defineConfig } from '@playwright/test';

/**
 * The tests across instances (tests/cluster): two production servers behind nginx with Redis,
 * started by the tests' own worker fixture (tests/cluster/fixture.ts), not by a webServer. One
 * worker: one cluster on a 2-core machine is already four busy processes.
 * `npx playwright test -c playwright.cluster.config.ts`.
 */
export default defineConfig({
	testDir: 'tests/cluster',
	testMatch: '**/*.cluster.ts',
	outputDir: 'test-results/playwright-cluster',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	// Budgets, not waits (see playwright.config.ts); the cluster's start has its own in the fixture.
	timeout: 240_000,
	expect: { timeout: 20_000 },
	globalTimeout: 30 * 60_000,
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright-cluster.json' }]],
	use: {
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		// Debian's Chromium, as in playwright.config.ts (whose import would empty the e2e run's folder).
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	}
});
