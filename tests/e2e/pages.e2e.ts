import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { addBudget, demoAccess, expectAccessible, openLink } from './helpers';

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

const SKIP = [/\/sign-out/, /\/language/, /\/l\//, /\.ics$/];

/** The fixed path segments of the app: every folder name under src/routes that is not a [param] or a (group). */
function staticSegments(dir = 'src/routes', found = new Set<string>()): Set<string> {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (!entry.isDirectory()) continue;
		if (!/^[[(]/.test(entry.name)) found.add(entry.name);
		staticSegments(join(dir, entry.name), found);
	}
	return found;
}
const STATIC = staticSegments();

/** The route an address belongs to: every segment that is not a fixed one is a parameter; query values dropped. */
function routeOf(path: string): string {
	const url = new URL(path, 'http://route.invalid');
	const shape = url.pathname
		.split('/')
		.map((segment) => (segment === '' || STATIC.has(segment) ? segment : ':param'))
		.join('/');
	const params = [...new Set(url.searchParams.keys())].sort();
	return params.length > 0 ? `${shape}?${params.join('&')}` : shape;
}

/** Loading a page twice (axe adds its own budget): a second each, ten times that on a busy machine. */
const PAGE_BUDGET_MS = 20_000;

async function crawl(page: Page, start: string, limit = 60) {
	const routes = new Map<string, string>();
	const queue = [start];
	while (queue.length > 0 && routes.size < limit) {
		const path = queue.shift()!;
		if (routes.has(routeOf(path))) continue;
		routes.set(routeOf(path), path);
		// Each page gets its own budget: a busy machine makes every page slower, not the crawl endless.
		addBudget(PAGE_BUDGET_MS);
		const response = await page.goto(path);
		expect(response?.status(), path).toBeLessThan(400);
		await expectAccessible(page);
		const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		for (const href of hrefs) {
			const clean = href.split('#')[0];
			if (!routes.has(routeOf(clean)) && !SKIP.some((re) => re.test(clean))) queue.push(clean);
		}
	}
	expect(queue.filter((path) => !routes.has(routeOf(path))), 'routes left unchecked: raise the limit').toEqual([]);
	return [...routes.values()];
}

for (const access of demoAccessForTitles()) {
	test(`every page reachable as ${access} passes axe and reflows at 320 px`, async ({ page }) => {
		const entry = demoAccess().find((a) => a.role === access)!;
		await openLink(page, entry.link);
		const pages = await crawl(page, '/start');
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
