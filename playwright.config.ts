import { defineConfig } from '@playwright/test';
import { E2E } from './tests/e2e/env';

// Debian's Chromium, never a downloaded browser; the built server on its own port and database.
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'test-results/playwright',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	// Budgets, not waits. Every step waits for what the person would see (`expect`, at most 15 s
	// each); a test's budget only ends a test that hangs. A journey through several people's pages
	// takes half a minute on an idle 2-core machine and several when it is busy (load 6–10 on CI),
	// so each test has three minutes, and every axe check and crawled page adds its own share
	// (`addBudget` in tests/e2e/helpers.ts): the costly steps scale the budget with the work.
	timeout: 180_000,
	expect: { timeout: 15_000 },
	// The outer bound: the whole run takes about 25 minutes on a busy CI machine; CI stops at 90.
	globalTimeout: 60 * 60_000,
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		baseURL: E2E.origin,
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
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
	},
	webServer: {
		command: 'node build/server.js',
		url: `${E2E.origin}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			PORT: String(E2E.port),
			HOST: '127.0.0.1',
			ORIGIN: E2E.origin,
			DATABASE_URL: E2E.databaseFile,
			SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`,
			MAIL_FROM: 'Ratschlag Test <test@localhost>'
		}
	}
});
