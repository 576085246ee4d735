import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const SESSION = 'Plenum: Pflege zu Hause – Bilanz der Empfehlungen';

async function openEasyOverview(page: Page) {
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(page, 'Leichte Sprache');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leichte Sprache');
}

test('the office writes an easy version with the checker’s hints, and a reader of the Prüfgruppe signs it off without JavaScript', async ({
	page,
	browser
}) => {
	await openLink(page, demo('Geschäftsstelle').link);
	await openEasyOverview(page);
	// Filtered by status (a GET form): the sitting after next has no easy text yet.
	await page.getByLabel('Stand').selectOption({ label: 'Fehlt' });
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	await expect(page).toHaveURL(/status=missing/);
	await expectAccessible(page);
	await page.getByRole('link', { name: `Schreiben : ${SESSION}` }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Leichte Sprache: ${SESSION}`);
	await expect(page.getByText('Kreiskrankenhaus Musterstadt, Konferenzzentrum')).toBeVisible();

	// The checker's hints follow the typing; a suggestion can be taken over with one button.
	const field = page.getByLabel('Text in Leichter Sprache');
	await field.fill('Das Plenum beginnt um 17.00 Uhr.\nWir reden über die Pflege zu Hause und über die Empfehlungen der Arbeitsgruppen vom letzten Jahr.');
	const hints = page.getByRole('region', { name: 'Hinweise zur Leichten Sprache' });
	await expect(hints).toContainText('Uhrzeit: Schreiben Sie sie so: 9:00 Uhr.');
	await expect(hints).toContainText('Der Satz hat 16 Wörter. In Leichter Sprache höchstens 10');
	await hints.getByRole('button', { name: 'Übernehmen : „17:00 Uhr“' }).click();
	await expect(field).toHaveValue(/beginnt um 17:00 Uhr\./);
	await expect(field).toBeFocused();
	await field.fill('Das Plenum beginnt um 17:00 Uhr.\nWir reden über die Pflege zu Hause.');
	await expect(hints).toContainText('Keine Hinweise');
	// One sentence per line, as the easy pages will show it.
	await expect(page.getByRole('region', { name: /ein Satz pro Zeile/ }).getByRole('paragraph')).toHaveText([
		'Das Plenum beginnt um 17:00 Uhr.',
		'Wir reden über die Pflege zu Hause.'
	]);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Gespeichert.' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Stand', exact: true })).toContainText('Entwurf, noch nicht geprüft');
	// The office writes; it does not sign off.
	await expect(page.getByRole('button', { name: 'Als geprüft bestätigen' })).toHaveCount(0);
	const editorPath = new URL(page.url()).pathname;

	// A reader of the Prüfgruppe, on a phone without JavaScript.
	const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
	const reader = await context.newPage();
	await openLink(reader, demo('Selbstvertreter, Protokoll').link);
	await openEasyOverview(reader);
	await reader.getByLabel('Stand').selectOption({ label: 'Entwurf, noch nicht geprüft' });
	await reader.getByRole('button', { name: 'Anzeigen' }).click();
	await reader.getByRole('link', { name: `Prüfen : ${SESSION}` }).click();
	await expect(reader).toHaveURL(new RegExp(`${editorPath}$`));
	await expect(reader.getByRole('region', { name: 'Text in Leichter Sprache', exact: true }).getByRole('paragraph')).toHaveText([
		'Das Plenum beginnt um 17:00 Uhr.',
		'Wir reden über die Pflege zu Hause.'
	]);
	// The sign-off is a statement: without the confirmation nothing is checked.
	await reader.getByRole('button', { name: 'Als geprüft bestätigen' }).click();
	await expect(reader.getByText('Bitte bestätigen Sie, dass Sie den Text gelesen und verstanden haben.')).toBeVisible();
	await expectAccessibleWithoutScripts(reader);
	await reader.getByLabel('Ich habe den Text gelesen. Ich verstehe ihn gut.').check();
	await reader.getByRole('button', { name: 'Als geprüft bestätigen' }).click();
	await expect(reader.getByRole('status').filter({ hasText: 'gilt jetzt als geprüfte Leichte Sprache' })).toBeVisible();
	await expect(reader.getByRole('region', { name: 'Stand', exact: true })).toContainText('Geprüft');
	// Readers of the Prüfgruppe come from the target group: others read that the group checked it, not who.
	await expect(reader.getByRole('region', { name: 'Stand', exact: true })).toContainText('von der Prüfgruppe geprüft am');
	expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await context.close();

	// The office's next change makes it a draft again, to be checked anew.
	await page.reload();
	await expect(page.getByRole('region', { name: 'Stand', exact: true })).toContainText('Geprüft');
	// The office, which organises the Prüfgruppe, sees who checked it.
	await expect(page.getByRole('region', { name: 'Stand', exact: true })).toContainText('geprüft von Jürgen Albrecht');
	await page.getByLabel('Text in Leichter Sprache').fill('Das Plenum beginnt um 17:00 Uhr.\nWir reden über die Pflege zu Hause.\nAlle sind eingeladen.');
	await page.getByRole('button', { name: 'Speichern (muss danach neu geprüft werden)' }).click();
	await expect(page.getByRole('region', { name: 'Stand', exact: true })).toContainText('Entwurf, noch nicht geprüft');
	// The sitting's own page says how far its easy version is, and leads there.
	await page.getByRole('link', { name: 'Dort ansehen, wo der Text steht' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SESSION);
	await page.getByRole('link', { name: 'Leichte Sprache (Entwurf, noch nicht geprüft)' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Leichte Sprache: ${SESSION}`);
});
