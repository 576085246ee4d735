import { expect, test } from './test';
import Database from 'better-sqlite3';
import { E2E } from './env';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openLink } from './helpers';

/**
 * The sending page of a digest with something on it: a send that paused itself after failures,
 * one address refused for good. Editors see the counts and the relay's answer without the
 * address; the office sees the address too. Axe, reflow at 320 px, resume and pause as plain
 * form posts, and "Stand aktualisieren" without JavaScript.
 */
function addPausedSend(): { conferenceId: string; digestId: string } {
	const db = new Database(E2E.databaseFile);
	try {
		const { id: conferenceId } = db.prepare(`SELECT id FROM conferences WHERE name = 'Gesundheitskonferenz Landkreis Musterstadt'`).get() as { id: string };
		const now = Date.now();
		const digestId = 'e2esendingdigest';
		db.prepare(
			`INSERT INTO digests (id, conference_id, number, title, state, created_at, published_at, html_standard, text_standard)
			VALUES (?, ?, 9001, 'Versandprobe', 'published', ?, ?, '<p>Probe</p>', 'Probe')`
		).run(digestId, conferenceId, now, now);
		const subscribers = [
			['e2esendsubscrib1', 'versand.eins@example.org', 'standard'],
			['e2esendsubscrib2', 'versand.zwei@example.org', 'easy'],
			['e2esendsubscrib3', 'versand.drei@example.org', 'standard']
		];
		for (const [id, email, edition] of subscribers)
			db.prepare(
				`INSERT INTO newsletter_subscribers (id, conference_id, email, edition, state, token_version, created_at, confirmed_at) VALUES (?, ?, ?, ?, 'active', 1, ?, ?)`
			).run(id, conferenceId, email, edition, now, now);
		db.prepare(
			`INSERT INTO digest_sends (id, digest_id, conference_id, state, pause_reason, consecutive_failures, total, started_at) VALUES ('e2esendingsend01', ?, ?, 'paused', 'failures', 0, 3, ?)`
		).run(digestId, conferenceId, now);
		const delivery = db.prepare(
			`INSERT INTO digest_deliveries (id, send_id, subscriber_id, edition, state, attempts, next_attempt_at, last_error, message_id, sent_at)
			VALUES (?, 'e2esendingsend01', ?, ?, ?, ?, ?, ?, ?, ?)`
		);
		delivery.run('e2esenddelivery1', 'e2esendsubscrib1', 'standard', 'sent', 1, now, null, '<e2esenddelivery1.digest@127.0.0.1>', now);
		delivery.run(
			'e2esenddelivery2',
			'e2esendsubscrib2',
			'easy',
			'failed_permanently',
			1,
			now,
			'550 5.1.1 <versand.zwei@example.org>: no such user',
			'<e2esenddelivery2.digest@127.0.0.1>',
			null
		);
		delivery.run('e2esenddelivery3', 'e2esendsubscrib3', 'standard', 'queued', 0, now, null, '<e2esenddelivery3.digest@127.0.0.1>', null);
		return { conferenceId, digestId };
	} finally {
		db.close();
	}
}

test('the sending page: progress and failures, addresses for the office only, axe, 320 px, resume and pause without JavaScript', async ({ browser }) => {
	const { conferenceId, digestId } = addPausedSend();
	const path = `/conferences/${conferenceId}/newsletter/${digestId}/sending`;

	const context = await browser.newContext();
	const page = await context.newPage();
	await openLink(page, demo('Newsletter-Redaktion').link);
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Versand: Versandprobe');
	await expect(page.getByText('Von selbst angehalten')).toBeVisible();
	await expect(page.getByText('1 von 3 versendet')).toBeVisible();
	await expect(page.getByText('550 5.1.1 <…>: no such user')).toBeVisible();
	await expect(page.getByText('versand.zwei@example.org')).toHaveCount(0);
	await expectAccessible(page);
	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await context.close();

	const office = await browser.newContext();
	const officePage = await office.newPage();
	await openLink(officePage, demo('Geschäftsstelle').link);
	await officePage.goto(path);
	await expect(officePage.getByRole('rowheader', { name: 'versand.zwei@example.org' })).toBeVisible();
	await expectAccessible(officePage);
	await office.close();

	const noScript = await browser.newContext({ javaScriptEnabled: false });
	const plain = await noScript.newPage();
	await openLink(plain, demo('Newsletter-Redaktion').link);
	await plain.goto(path);
	await expectAccessibleWithoutScripts(plain);
	await plain.getByRole('button', { name: 'Versand fortsetzen' }).click();
	await expect(plain.getByRole('status')).toHaveText('Der Versand geht weiter.');
	await plain.getByRole('button', { name: 'Stand aktualisieren' }).click();
	await expect(plain).toHaveURL(new RegExp(`${path}\\??$`));
	// The one mail left goes out (the test's SMTP server takes it) or is still under way: either way the page says so.
	await expect(plain.getByText(/Wird versendet\.|Der Versand ist abgeschlossen\./)).toBeVisible();
	await noScript.close();
});
