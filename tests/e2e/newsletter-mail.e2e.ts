import { expect, test } from './test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { conferences, digests, easyTexts, newsletterSubscribers } from '../../src/lib/server/db/schema';
import { digestMailOn, type DigestMailInput } from '../../src/lib/server/newsletter/mail/digestMail';
import { readDraftStandardOn, renderDraftOn } from '../../src/lib/server/newsletter/render';
import { sqliteData } from '../../src/lib/server/db/client';
import { E2E } from './env';
import { expectAccessible } from './helpers';

/**
 * The digest mail as a mail client shows it: its HTML opened in Chromium and checked by axe-core
 * (WCAG 2.2 A/AA and best practice), both editions and the test mail, and at 320 px wide without
 * sideways scrolling. The pictograms load from the running server, as they would from the site.
 */
let dir: string;
let db: Db;
let base: Omit<DigestMailInput, 'edition' | 'body'>;
let easyBody: { html: string; text: string };

/** What bodyHtml writes for an editor's text, with the heading levels (render.ts). */
const STANDARD = {
	html:
		'<h2>Beschlüsse der Konferenz</h2><p>Die Konferenz empfiehlt <strong>mehr Kurzzeitpflege</strong>. ' +
		'<a href="https://example.org/empfehlung" rel="noopener noreferrer">Zur Empfehlung</a></p>' +
		'<h3>Nächste Termine</h3><ul><li><p>Plenum am 3. März</p></li><li><p>AG Pflege am 10. März</p></li></ul>',
	text: 'Beschlüsse der Konferenz\nDie Konferenz empfiehlt mehr Kurzzeitpflege. Zur Empfehlung\n# Nächste Termine\n• Plenum am 3. März\n• AG Pflege am 10. März'
};

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'ratschlag-mail-'));
	db = openDatabase(join(dir, 'mail.sqlite'));
	const conference = db
		.insert(conferences)
		.values({
			name: 'Gesundheitskonferenz Testkreis',
			region: 'Testkreis',
			settings: { easySeparator: 'hyphen', contactEmail: 'geschaeftsstelle@example.org', contactPhone: '01234 5678', majority: 'simple', quorumPercent: 50 }
		})
		.returning()
		.get();
	const digest = db.insert(digests).values({ conferenceId: conference.id, title: 'Neues aus dem Frühjahr' }).returning().get();
	db.insert(easyTexts)
		.values({
			conferenceId: conference.id,
			kind: 'digest',
			subjectId: digest.id,
			body: 'Die Konferenz hat etwas beschlossen.\nEs geht um Pflege.\n\nDas nächste Treffen ist am 3. März.\n\nSie haben Fragen?\nRufen Sie an: 01234 5678.',
			status: 'checked',
			sourceFingerprint: '00000000',
			writtenAt: new Date(),
			checkedAt: new Date()
		})
		.run();
	const data = sqliteData(db.$client);
	easyBody = (await renderDraftOn(data, digest.id, await readDraftStandardOn(data, digest.id))).easy!;
	const subscriber = db
		.insert(newsletterSubscribers)
		.values({ conferenceId: conference.id, email: 'leser@example.org', state: 'active', confirmedAt: new Date() })
		.returning()
		.get();
	base = {
		conference: { id: conference.id, name: conference.name },
		digest: { id: digest.id, number: 4, title: digest.title, publishedAt: new Date() },
		subscriber: { id: subscriber.id, tokenVersion: 1, email: subscriber.email, name: null },
		to: subscriber.email,
		origin: E2E.origin,
		messageId: '<e2e.digest@127.0.0.1>'
	};
});

test.afterAll(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

async function check(page: import('@playwright/test').Page, html: string) {
	await page.setContent(html, { waitUntil: 'load' });
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('the standard edition’s mail passes axe in Chromium and reflows at 320 px', async ({ page }) => {
	const mail = await digestMailOn(sqliteData(db.$client), { ...base, edition: 'standard', body: STANDARD });
	await check(page, mail.html);
	await expect(page.getByRole('link', { name: 'Newsletter abbestellen' })).toHaveAttribute('href', /\/newsletter\/abmelden\//);
	await expect(page.getByRole('link', { name: 'Im Browser lesen' })).toHaveAttribute(
		'href',
		`${E2E.origin}/oeffentlich/${base.conference.id}/newsletter/${base.digest.id}`
	);
});

test('the easy edition’s mail, in large type with its pictograms, passes axe', async ({ page }) => {
	const mail = await digestMailOn(sqliteData(db.$client), { ...base, edition: 'easy', body: easyBody });
	await check(page, mail.html);
	const pictograms = page.locator('img[src*="/pictograms/"]');
	await expect(pictograms).toHaveCount(3);
	// Decorative: the sentences beside them say it all.
	for (const alt of await pictograms.evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')))) expect(alt).toBe('');
	const size = await page.getByText('Es geht um Pflege.').evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
	expect(size).toBeGreaterThanOrEqual(20);
	await expect(page.getByRole('link', { name: 'Diese Nachrichten im Internet lesen' })).toHaveAttribute('href', /\?ausgabe=einfach$/);
});

test('a test mail of a draft passes axe and has no unsubscribe link', async ({ page }) => {
	const mail = await digestMailOn(sqliteData(db.$client), {
		...base,
		digest: { ...base.digest, number: null, publishedAt: null },
		subscriber: null,
		test: true,
		edition: 'standard',
		body: STANDARD
	});
	await check(page, mail.html);
	await expect(page.getByText(/^Test-Mail/)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Newsletter abbestellen' })).toHaveCount(0);
});
