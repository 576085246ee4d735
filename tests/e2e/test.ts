import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * Playwright's `test`, with one rule added for every e2e file: a browser context a test opens
 * itself (`browser.newContext()`) is closed when the test ends, passed or failed. Playwright closes
 * only the `context` fixture's own; any other stays open in the worker's browser for every later
 * test of that worker, its pages still polling and holding live documents. Import `test` and
 * `expect` from here, never from '@playwright/test'.
 */
export const test = base.extend<{ closeContextsOpenedByTest: void }>({
	closeContextsOpenedByTest: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			await Promise.all(
				browser
					.contexts()
					.filter((context) => !before.has(context))
					.map((context) => context.close())
			);
		},
		{ auto: true }
	]
});
