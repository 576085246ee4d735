import { expect, test } from './test';
import { demo, openLink } from './helpers';

// axe needs a script engine; these same pages are checked with JavaScript on in pages.e2e.ts.

test.use({ javaScriptEnabled: false });

test('without JavaScript a participant signs in by link, sees their page, switches language and signs out', async ({ page }) => {
	const person = demo('Selbstvertreterin');
	await openLink(page, person.link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hallo, ${person.name}!`);
	await expect(page.getByText('AG Zugang für alle')).toBeVisible();

	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${person.name}!`);
	await page.getByRole('button', { name: 'Deutsch' }).click();

	await page.getByRole('link', { name: 'Mein Konto' }).click();
	// The preferences' button ("Angaben speichern" is the self-description's).
	await page.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(page.getByRole('status')).toHaveText('Gespeichert.');
	await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen bei Ratschlag');
});

test('without JavaScript the office invites a person and gets the printable card', async ({ page }) => {
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await page.getByRole('link', { name: 'Person einladen' }).first().click();
	await page.getByLabel('Name', { exact: true }).fill('Ohne Skript');
	await page.getByRole('button', { name: 'Einladen und Zugang erstellen' }).click();
	await expect(page.getByTestId('access-card')).toContainText('Ohne Skript');
	await expect(page.getByText('Zum Drucken nutzen Sie die Druckfunktion Ihres Browsers')).toBeVisible();
});

test('sign out everywhere ends the sessions on all devices', async ({ browser }) => {
	const person = demo('Newsletter');
	const a = await browser.newContext({ javaScriptEnabled: false });
	const b = await browser.newContext({ javaScriptEnabled: false });
	const pageA = await a.newPage();
	const pageB = await b.newPage();
	await openLink(pageA, person.link);
	await openLink(pageB, person.link);
	await pageA.getByRole('link', { name: 'Mein Konto' }).click();
	await expect(pageA.getByText(/Sie sind auf \d+ Geräten angemeldet/)).toBeVisible();
	await pageA.getByRole('button', { name: 'Auf allen Geräten abmelden' }).click();
	await pageB.goto('/start');
	await expect(pageB).toHaveURL(/\/sign-in/);
	await a.close();
	await b.close();
});
