import { expect, test } from './test';
import { crawl, demoAccess, expectAccessible, openLink } from './helpers';

/**
 * Every page each demo role can reach by following links: zero axe violations, and no
 * horizontal scrolling at 320 px (WCAG 1.4.10). Pages are found by crawling, so a new page
 * is checked as soon as something links to it.
 *
 * One address per route and role: the office reaches 25 person pages that share one template,
 * and checking each of them (axe takes seconds per page on a busy 2-core machine) used the whole
 * budget before the crawl got to the sittings, meetings and minutes. Which instance stands for a
 * route is the first one linked, so the choice is stable from run to run.
 */

// The roles' crawls share nothing: they spread over both workers instead of queueing in one.
test.describe.configure({ mode: 'parallel' });

for (const access of demoAccessForTitles()) {
	test(`every page reachable as ${access} passes axe and reflows at 320 px`, async ({ page }) => {
		const entry = demoAccess().find((a) => a.role === access)!;
		await openLink(page, entry.link);
		// Two addresses per route: a second state of the same page (another person's, approved
		// rather than draft minutes) is checked too, at a fraction of the cost of every address.
		const pages = await crawl(page, '/start', expectAccessible, { limit: 140, perRoute: 2 });
		expect(pages.length).toBeGreaterThan(2);

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
