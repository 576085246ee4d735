import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { decodeQuotedPrintable, demo, expectAccessibleWithoutScripts, mailTo, openLink } from './helpers';

// The public sign-up, the confirmation and the unsubscribe pages must work without JavaScript.
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';

async function demoConferenceId(page: Page): Promise<string> {
	await page.goto('/barrierefreiheit');
	const id = await page.getByLabel('Betrifft es eine Konferenz? (freiwillig)').locator('option', { hasText: CONFERENCE }).getAttribute('value');
	expect(id).toBeTruthy();
	return id!;
}

/** The page reflows at 320 px: nothing scrolls sideways. */
async function expectReflow(page: Page) {
	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `horizontal scroll at 320 px on ${page.url()}`).toBeLessThanOrEqual(0);
	await page.setViewportSize({ width: 360, height: 800 });
}

async function checkPage(page: Page) {
	await expectReflow(page);
	await expectAccessibleWithoutScripts(page);
}

const CASES = [
	{
		name: 'standard',
		path: '',
		heading: 'Newsletter bestellen',
		email: 'E-Mail-Adresse',
		sent: 'Fast geschafft: Bitte sehen Sie in Ihr Postfach',
		confirmButton: 'Ja, ich möchte den Newsletter',
		mailLine: 'Bitte bestätigen Sie die Bestellung mit diesem Link'
	},
	{
		name: 'easy',
		path: '/einfach',
		heading: 'Newsletter in Leichter Sprache bestellen',
		email: 'Ihre E-Mail-Adresse',
		sent: 'Bitte sehen Sie in Ihre E-Mails',
		confirmButton: 'Ja, ich will den Newsletter',
		mailLine: 'Sie möchten den Newsletter bekommen.'
	}
] as const;

for (const c of CASES) {
	test(`sign-up (${c.name}) → confirmation mail → button → unsubscribe by the visible link, without JavaScript`, async ({ page }) => {
		const conferenceId = await demoConferenceId(page);
		const address = `e2e-${c.name}-${Date.now()}@example.org`;

		await page.goto(`/oeffentlich/${conferenceId}/newsletter/anmelden${c.path}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(c.heading);
		await checkPage(page);
		if (c.name === 'standard') {
			await page.getByRole('link', { name: 'Datenschutzerklärung zum Newsletter' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Datenschutz beim Newsletter');
			await expect(page.getByText('Fassung: 2026-11')).toBeVisible();
			await checkPage(page);
			await page.getByRole('link', { name: 'Newsletter bestellen' }).click();
		}

		// A mistyped address: the message next to the field, the input kept.
		await page.getByLabel(c.email, { exact: true }).fill('kein-at-zeichen');
		await page.getByRole('button', { name: 'Newsletter bestellen' }).click();
		await expect(page.getByLabel(c.email, { exact: true })).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel(c.email, { exact: true })).toHaveValue('kein-at-zeichen');
		await checkPage(page);

		await page.getByLabel(c.email, { exact: true }).fill(address);
		await page.getByRole('button', { name: 'Newsletter bestellen' }).click();
		await expect(page.getByRole('status')).toContainText(c.sent);
		await checkPage(page);

		const mail = decodeQuotedPrintable(await mailTo(address));
		expect(mail).toContain(c.mailLine);
		const link = /https?:\/\/[^\s"<]+\/newsletter\/bestaetigen\/[a-z0-9]+/.exec(mail)![0];
		await page.goto(new URL(link).pathname);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Newsletter-Bestellung bestätigen');
		await checkPage(page);
		await page.getByRole('button', { name: c.confirmButton }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danke, Ihre Bestellung ist bestätigt');
		await checkPage(page);

		const unsubscribe = (await page.getByRole('link', { name: 'Newsletter abbestellen' }).getAttribute('href'))!;
		if (c.name === 'standard') {
			await page.getByRole('link', { name: 'Ihre Einstellungen' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Newsletter-Einstellungen');
			await expect(page.getByText(address)).toBeVisible();
			await checkPage(page);
		}

		await page.goto(new URL(unsubscribe).pathname);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Newsletter abbestellen');
		await checkPage(page);
		await page.getByRole('button', { name: 'Newsletter abbestellen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sie haben den Newsletter abbestellt');
		await checkPage(page);
	});
}

test('a member subscribes on the account page; the office sees the consent log and erases on request', async ({ page }) => {
	// Jens Hoffmann, a voting member the conference knows by e-mail (j.hoffmann@aok.example).
	await openLink(page, demo('Stimmberechtigtes Mitglied').link);
	await page.goto('/account');
	// The newsletter's section of the conference (its self-description's is "Meine Selbstbeschreibung …").
	const section = page.getByRole('region', { name: CONFERENCE, exact: true });
	await expect(section).toContainText(`Sie bekommen den Newsletter der ${CONFERENCE} nicht.`);
	await checkPage(page);
	await section.getByLabel('Leichte Sprache').check();
	await section.getByRole('button', { name: 'Newsletter bestellen' }).click();
	await expect(page.getByRole('region', { name: CONFERENCE, exact: true })).toContainText(`Sie bekommen den Newsletter der ${CONFERENCE} (Leichte Sprache).`);
	await checkPage(page);

	await openLink(page, demo('Geschäftsstelle').link);
	const conferenceId = await demoConferenceId(page);
	await page.goto(`/conferences/${conferenceId}/newsletter/subscribers`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Newsletter: Abonnentinnen und Abonnenten');
	const row = page.getByRole('row').filter({ hasText: 'j.hoffmann@aok.example' });
	await row.getByText('Einwilligungen von j.hoffmann@aok.example').click();
	await expect(row).toContainText('angemeldet (Kontoseite)');
	await expect(row).toContainText('Einwilligungstext (Datenschutzerklärung 2026-11)');
	await checkPage(page);
	// Without the tick nothing is erased.
	await row.getByRole('button', { name: 'Auf Wunsch löschen' }).click();
	await expect(page.getByRole('alert')).toHaveText('Bitte bestätigen Sie das Löschen mit dem Häkchen.');
	const again = page.getByRole('row').filter({ hasText: 'j.hoffmann@aok.example' });
	await again.getByText('Einwilligungen von j.hoffmann@aok.example').click();
	await again.getByLabel('Ja, j.hoffmann@aok.example mit allen Einwilligungen löschen').check();
	await again.getByRole('button', { name: 'Auf Wunsch löschen' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Gelöscht.' })).toHaveText(
		'Gelöscht. Im Protokoll steht nur, dass eine Person auf Wunsch gelöscht wurde.'
	);
	await expect(page.getByRole('row').filter({ hasText: 'j.hoffmann@aok.example' })).toHaveCount(0);
	await checkPage(page);
});
