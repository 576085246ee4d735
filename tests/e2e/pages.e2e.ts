import { expect, test, type Page } from '@playwright/test';
import { demoAccess, expectAccessible, openLink } from './helpers';

/**
 * Every page each demo role can reach by following links: zero axe violations, and no
 * horizontal scrolling at 320 px (WCAG 1.4.10). Pages are found by crawling, so a new page
 * is checked as soon as something links to it.
 */
const SKIP = [/\/sign-out/, /\/language/, /\/l\//, /\.ics$/];

async function crawl(page: Page, start: string, limit = 40) {
	const seen = new Set<string>();
	const queue = [start];
	while (queue.length > 0 && seen.size < limit) {
		const path = queue.shift()!;
		if (seen.has(path)) continue;
		seen.add(path);
		const response = await page.goto(path);
		expect(response?.status(), path).toBeLessThan(400);
		await expectAccessible(page);
		const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		for (const href of hrefs) {
			const clean = href.split('#')[0];
			if (!seen.has(clean) && !SKIP.some((re) => re.test(clean))) queue.push(clean);
		}
	}
	return seen;
}

for (const access of demoAccessForTitles()) {
	test(`every page reachable as ${access} passes axe and reflows at 320 px`, async ({ page }) => {
		// Up to 40 pages, each checked by axe at two widths: the office's crawl takes 2–3 minutes on a 2-core machine.
		test.setTimeout(420_000);
		const entry = demoAccess().find((a) => a.role === access)!;
		await openLink(page, entry.link);
		const pages = await crawl(page, '/start');
		expect(pages.size).toBeGreaterThan(2);

		await page.setViewportSize({ width: 320, height: 720 });
		for (const path of pages) {
			await page.goto(path);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, `horizontal scroll at 320 px on ${path}`).toBeLessThanOrEqual(0);
		}
	});
}

test('public pages pass axe: home, sign-in, 404', async ({ page }) => {
	for (const path of ['/', '/sign-in']) {
		await page.goto(path);
		await expectAccessible(page);
	}
});

test('the whole office flow works by keyboard: skip link, then tab to a control and press it', async ({ page }) => {
	await openLink(page, demoAccess()[0].link);
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);
	// From the skip target, Tab reaches the first link inside the main content.
	await page.keyboard.press('Tab');
	const focused = page.locator(':focus');
	await expect(focused).toHaveAttribute('href', /\/conferences\//);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gesundheitskonferenz Landkreis Musterstadt');
});

// Titles are known before the server runs (the demo seed is fixed); links are read per test.
function demoAccessForTitles(): string[] {
	return [
		'Geschäftsstelle (office)',
		'Moderation (moderator)',
		'Stimmberechtigtes Mitglied (voting member)',
		'Beratendes Mitglied, Koordination AG Zugang für alle (advisory member, group coordinator)',
		'Selbstvertreterin, Leichte Sprache (self-advocate, easy language)',
		'Newsletter-Redaktion (newsletter editor)',
		'Gast (guest)'
	];
}
