import { expect, test } from './test';
import Database from 'better-sqlite3';
import { E2E } from './env';
import { demo, expectAccessible, openLink } from './helpers';

/**
 * The failed-jobs page with something on it (the crawl in pages.e2e.ts sees it empty): axe,
 * reflow at 320 px, and "try again" as a plain form post without JavaScript.
 */
function addFailedJob(): { conferenceId: string } {
	const db = new Database(E2E.databaseFile);
	try {
		const { id: conferenceId } = db.prepare(`SELECT id FROM conferences WHERE name = 'Gesundheitskonferenz Landkreis Musterstadt'`).get() as { id: string };
		const now = Date.now();
		db.prepare(
			`INSERT INTO jobs (id, kind, payload, conference_id, state, run_at, attempts, max_attempts, last_error, created_at, finished_at)
			VALUES ('e2efailedjob0001', 'test.probe', '{"label":"e2e","ms":0}', ?, 'failed', ?, 3, 3, ?, ?, ?)`
		).run(conferenceId, now, 'connect ECONNREFUSED 127.0.0.1:25 – a long technical message that must wrap on a narrow screen', now, now);
		return { conferenceId };
	} finally {
		db.close();
	}
}

test('the office sees a failed job, the page passes axe and reflows at 320 px, and "try again" works without JavaScript', async ({ browser }) => {
	const { conferenceId } = addFailedJob();
	const context = await browser.newContext();
	const page = await context.newPage();
	await openLink(page, demo('Geschäftsstelle').link);
	await page.goto(`/conferences/${conferenceId}`);
	await page.getByRole('link', { name: 'Hintergrundaufträge' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hintergrundaufträge');
	await expect(page.getByRole('heading', { name: 'Testauftrag' })).toBeVisible();
	await expect(page.getByText('connect ECONNREFUSED')).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await context.close();

	const noScript = await browser.newContext({ javaScriptEnabled: false });
	const plain = await noScript.newPage();
	await openLink(plain, demo('Geschäftsstelle').link);
	await plain.goto(`/conferences/${conferenceId}/jobs`);
	await plain.getByRole('button', { name: 'Erneut versuchen' }).click();
	await expect(plain.getByRole('status')).toHaveText('Der Auftrag steht wieder in der Warteschlange.');
	await noScript.close();
});
