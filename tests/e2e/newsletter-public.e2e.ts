import { parseFeed } from '@rowanmanning/feed-parser';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import Database from 'better-sqlite3';
import { E2E } from './env';
import { expectAccessibleWithoutScripts } from './helpers';

/**
 * The newsletter's public pages as anyone sees them, without signing in and without JavaScript:
 * the archive, one issue in both editions, and the Atom feed. Two issues are written straight
 * into the database, as publishing leaves them (publishing itself is tested in integration).
 */
const ISSUES = [
	{ id: 'eeenewsletteraaa', title: 'Neues im Frühling', html: '<h2>Beschlüsse</h2><p>Die Konferenz empfiehlt mehr Kurzzeitpflege.</p>', easy: true },
	{ id: 'eeenewsletterbbb', title: 'Neues im Sommer & mehr', html: '<p>Das Plenum tagt im Juli.</p>', easy: false }
];
const EASY_HTML =
	'<table role="presentation" style="border-collapse:collapse;width:100%;margin:0 0 24px"><tr><td style="width:48px;padding:4px 16px 0 0;vertical-align:top">' +
	'<img src="/pictograms/decision.svg" alt="" width="48" height="48" style="display:block;border:0"></td><td style="vertical-align:top">' +
	'<p style="font-size:22px;line-height:1.6;margin:0 0 8px;text-align:left">Die Konferenz hat etwas beschlossen.</p></td></tr></table>';

function publishIssues(): string {
	const db = new Database(E2E.databaseFile);
	try {
		const { id: conferenceId } = db.prepare(`SELECT id FROM conferences WHERE name = 'Gesundheitskonferenz Landkreis Musterstadt'`).get() as { id: string };
		const insert = db.prepare(
			`INSERT OR IGNORE INTO digests (id, conference_id, number, title, state, created_at, published_at, html_standard, text_standard, html_easy, text_easy, easy_unchecked)
			VALUES (?, ?, (SELECT coalesce(max(number), 0) + 1 FROM digests WHERE conference_id = ?), ?, 'published', ?, ?, ?, ?, ?, ?, 0)`
		);
		ISSUES.forEach((issue, i) => {
			const at = Date.now() - (ISSUES.length - i) * 86_400_000;
			insert.run(
				issue.id,
				conferenceId,
				conferenceId,
				issue.title,
				at,
				at,
				issue.html,
				issue.html.replace(/<[^>]+>/g, ' '),
				issue.easy ? EASY_HTML : null,
				issue.easy ? 'Die Konferenz hat etwas beschlossen.' : null
			);
		});
		return conferenceId;
	} finally {
		db.close();
	}
}

test.use({ javaScriptEnabled: false });

async function fitsPhone(page: Page) {
	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.setViewportSize({ width: 1280, height: 720 });
}

test('the archive, an issue in both editions and the feed, for anyone, without JavaScript', async ({ page, request }) => {
	const conferenceId = publishIssues();
	await page.goto(`/oeffentlich/${conferenceId}`);
	await page.getByRole('link', { name: 'Newsletter: alle Ausgaben' }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Newsletter');
	const titles = await page.getByRole('heading', { level: 3 }).allTextContents();
	// Newest first.
	expect(titles.indexOf(titles.find((t) => t.includes('Neues im Sommer & mehr'))!)).toBeLessThan(
		titles.indexOf(titles.find((t) => t.includes('Neues im Frühling'))!)
	);
	await expect(page.getByRole('link', { name: 'Newsletter bestellen', exact: true })).toHaveAttribute(
		'href',
		`/oeffentlich/${conferenceId}/newsletter/anmelden`
	);
	await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', `/oeffentlich/${conferenceId}/newsletter/feed.xml`);
	await expectAccessibleWithoutScripts(page);
	await fitsPhone(page);

	await page.getByRole('link', { name: /Neues im Frühling/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Neues im Frühling');
	await expect(page.getByText('Die Konferenz empfiehlt mehr Kurzzeitpflege.')).toBeVisible();
	await expectAccessibleWithoutScripts(page);
	await fitsPhone(page);

	await page.getByRole('link', { name: 'In Leichter Sprache lesen' }).click();
	await expect(page).toHaveURL(/\?ausgabe=einfach$/);
	await expect(page.getByText('Die Konferenz hat etwas beschlossen.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Diese Nachrichten in Standard-Sprache lesen' })).toBeVisible();
	await expectAccessibleWithoutScripts(page);
	await fitsPhone(page);

	// An issue without an easy edition says so instead of failing.
	await page.goto(`/oeffentlich/${conferenceId}/newsletter/${ISSUES[1].id}?ausgabe=einfach`);
	await expect(page.getByText('Diese Ausgabe gibt es nicht in Leichter Sprache.')).toBeVisible();

	const feed = await request.get(`/oeffentlich/${conferenceId}/newsletter/feed.xml`);
	expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
	const parsed = parseFeed(await feed.text());
	expect(parsed.meta.type).toBe('atom');
	const entryTitles = parsed.items.map((item) => item.title);
	for (const issue of ISSUES) expect(entryTitles.some((t) => t?.endsWith(`: ${issue.title}`))).toBe(true);
	expect(parsed.items.find((item) => item.title?.endsWith('Neues im Sommer & mehr'))?.url).toBe(
		`${E2E.origin}/oeffentlich/${conferenceId}/newsletter/${ISSUES[1].id}`
	);

	// A draft or an unknown issue is not there.
	expect((await request.get(`/oeffentlich/${conferenceId}/newsletter/eeenotpublished1`)).status()).toBe(404);
});
