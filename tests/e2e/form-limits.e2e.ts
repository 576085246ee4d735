import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { crawl, demo, expectFieldLimits, openLink, signInWithLink } from './helpers';

/**
 * No form lets a person type more than the server takes (issue 13, item 10): every field a person
 * types into, in every form each role reaches by following links, carries the server's limit as
 * `maxlength`. Without axe, so the crawl can go wide; pages.e2e.ts checks accessibility.
 */

/**
 * Crawls up to three pages per route (one person's page has the forms of every person's, in its
 * state) and checks each; returns how many forms with typed fields it saw, so an empty crawl fails.
 */
async function formsChecked(page: Page, start: string): Promise<number> {
	let forms = 0;
	await crawl(page, start, async (p) => void (forms += await expectFieldLimits(p)), { limit: 140, perRoute: 3 });
	return forms;
}

test('public forms: sign-in and accessibility feedback', async ({ page }) => {
	let forms = 0;
	for (const path of ['/', '/sign-in', '/barrierefreiheit']) {
		await page.goto(path);
		forms += await expectFieldLimits(page);
	}
	expect(forms).toBeGreaterThanOrEqual(2);
});

test('every form the office reaches', async ({ page }) => {
	await openLink(page, demo('Geschäftsstelle').link);
	expect(await formsChecked(page, '/start')).toBeGreaterThanOrEqual(10);
});

test('every form a group coordinator reaches', async ({ page }) => {
	await openLink(page, demo('Beratendes Mitglied, Koordination').link);
	expect(await formsChecked(page, '/start')).toBeGreaterThanOrEqual(3);
});

test('every form on the easy pages', async ({ page }) => {
	await signInWithLink(page, demo('Selbstvertreterin, Leichte Sprache').link);
	await expect(page).toHaveURL(/\/einfach/);
	expect(await formsChecked(page, '/einfach')).toBeGreaterThanOrEqual(1);
});
