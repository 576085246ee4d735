import { expect, test } from './test';
import { decodeQuotedPrintable, demo, expectAccessible, expectAccessibleWithoutScripts, mailTo, openConferenceSection, openLink } from './helpers';

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';

test('the newsletter editor starts an issue, inserts a suggestion, writes, and previews it', async ({ page }) => {
	await openLink(page, demo('Newsletter-Redaktion').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(page, 'Newsletter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Newsletter');
	await expectAccessible(page);

	// A title is required; then the draft opens.
	await page.getByRole('button', { name: 'Neue Ausgabe anlegen' }).click();
	await expect(page.getByLabel('Titel der Ausgabe')).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Titel der Ausgabe').fill('Ausgabe Winter');
	await page.getByRole('button', { name: 'Neue Ausgabe anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ausgabe Winter');
	const editor = page.getByRole('textbox', { name: 'Text der Standard-Ausgabe' });
	await expect(page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();

	// A suggestion goes into the live text and leaves the list.
	const suggestions = page.locator('#suggestions');
	const first = suggestions.getByRole('listitem').first();
	const title = (await first.getByRole('heading', { level: 3 }).textContent())!.trim();
	await first.getByRole('button', { name: `Einfügen: ${title}` }).click();
	await expect(page.getByRole('status').filter({ hasText: `„${title}“ steht jetzt am Ende des Textes.` })).toBeVisible();
	await expect(editor.getByRole('heading', { level: 3, name: title })).toBeVisible();
	await expect(suggestions.getByRole('heading', { level: 3, name: title, exact: true })).toHaveCount(0);

	// Writing after it, saved.
	await editor.getByRole('heading', { level: 3, name: title }).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Herzliche Grüße aus der Redaktion');
	await expect(editor.getByRole('paragraph').last()).toHaveText('Herzliche Grüße aus der Redaktion');
	await expect(page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	await expectAccessible(page);

	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: test.info().outputPath('draft-360.png'), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });

	// The preview: the web page and the mail, in a titled frame, and the test mail to oneself.
	await page.getByRole('link', { name: 'Vorschau' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vorschau: Ausgabe Winter');
	await expect(page.locator('.web').first()).toContainText('Herzliche Grüße aus der Redaktion');
	const frame = page.frameLocator('iframe[title="E-Mail, Standard-Ausgabe"]');
	await expect(frame.locator('body')).toContainText(title);
	await expect(frame.locator('body')).toContainText('Herzliche Grüße aus der Redaktion');
	// The test mail goes to the editor's own address, marked as a test, and arrives at the mail server.
	await page.getByRole('button', { name: 'Testmail an mich senden' }).click();
	await expect(page.getByText('Die Testmail ist unterwegs an t.engel@musterstadt.example.')).toBeVisible();
	expect(decodeQuotedPrintable(await mailTo('t.engel@musterstadt.example'))).toContain(title);
	await expectAccessible(page, { exclude: 'iframe.mail' });
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: test.info().outputPath('preview-360.png'), fullPage: true });
});

test('without JavaScript a draft is started and a suggestion inserted', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await openLink(page, demo('Newsletter-Redaktion').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(page, 'Newsletter');
	await page.getByLabel('Titel der Ausgabe').fill('Ausgabe ohne Skripte');
	await page.getByRole('button', { name: 'Neue Ausgabe anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ausgabe ohne Skripte');

	const first = page.locator('#suggestions').getByRole('listitem').first();
	const title = (await first.getByRole('heading', { level: 3 }).textContent())!.trim();
	await first.getByRole('button', { name: `Einfügen: ${title}` }).click();
	await expect(page.getByRole('status').filter({ hasText: `„${title}“ steht jetzt am Ende des Textes.` })).toBeVisible();
	// The server-rendered text has the block, with its link in a sentence.
	const text = page.getByRole('region', { name: 'Text der Standard-Ausgabe' });
	await expect(text.getByRole('heading', { level: 3, name: title })).toBeVisible();
	await expect(text.getByText(/^Mehr dazu auf der/)).toBeVisible();
	await expectAccessibleWithoutScripts(page);
	await context.close();
});
