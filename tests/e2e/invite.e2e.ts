import { expect, test } from './test';
import { decodeQuotedPrintable, demo, expectAccessible, mailTo } from './helpers';

test('the office signs in, invites a person by e-mail, and the link opens that person’s start page', async ({ page, browser }) => {
	const office = demo('Geschäftsstelle');

	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.getByLabel('E-Mail-Adresse').fill(office.email!);
	await page.getByLabel('Passwort').fill(office.password!);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hallo, ${office.name}!`);
	await expectAccessible(page);

	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Person einladen' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Person einladen');
	await expectAccessible(page);

	// First a mistake: the e-mail is malformed. The message sits next to the field, input is kept.
	await page.getByLabel('Name', { exact: true }).fill('Fatma Yilmaz');
	await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('fatma.yilmaz@');
	await page.getByLabel('Organisation').fill('Türkischer Elternverein Musterstadt');
	await page.getByLabel('Beratendes Mitglied').check();
	await page.getByLabel('Link auch per E-Mail schicken').check();
	await page.getByRole('button', { name: 'Einladen und Zugang erstellen' }).click();
	await expect(page.getByText('Das ist keine gültige E-Mail-Adresse')).toBeVisible();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Fatma Yilmaz');
	await expect(page.getByLabel('Organisation')).toHaveValue('Türkischer Elternverein Musterstadt');
	await expect(page.getByLabel('Beratendes Mitglied')).toBeChecked();
	await expectAccessible(page);

	await page.getByLabel('E-Mail-Adresse (freiwillig)').fill('fatma.yilmaz@elternverein.example');
	await page.getByRole('button', { name: 'Einladen und Zugang erstellen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fatma Yilmaz ist eingeladen');
	// The mail goes out in the background: the form says so, the person's page says when it went.
	await expect(page.getByText('Der Link geht auch per E-Mail hinaus.', { exact: false })).toBeVisible();
	const card = page.getByTestId('access-card');
	await expect(card).toContainText('Fatma Yilmaz');
	await expect(card.getByRole('img', { name: /QR-Code/ })).toBeVisible();
	// The print button appears once the page is hydrated (so scripts run under our CSP).
	await expect(page.getByRole('button', { name: 'Karte drucken' })).toBeVisible();
	await expectAccessible(page);
	const link = (await page.getByTestId('access-link-url').textContent())!.trim();

	// The same link went out by mail, through a real SMTP server.
	const mail = decodeQuotedPrintable(await mailTo('fatma.yilmaz@elternverein.example'));
	expect(mail).toContain('Subject: Ihr Zugang zur Gesundheitskonferenz Landkreis Musterstadt');
	expect(mail).toContain('Mit diesem persönlichen Link kommen Sie hinein:');
	expect(mail).toContain(`<a href="${link}">Jetzt anmelden</a>`);

	// A fresh browser (no cookies) opens the link and lands on Fatma's start page.
	const fresh = await browser.newContext();
	const participant = await fresh.newPage();
	await participant.goto(link);
	await expect(participant.getByText('Das ist der persönliche Zugang von Fatma Yilmaz.')).toBeVisible();
	await expect(participant.getByText('Für: Gesundheitskonferenz Landkreis Musterstadt')).toBeVisible();
	await expectAccessible(participant);
	await participant.getByRole('button', { name: 'Weiter zu meiner Seite' }).click();
	await expect(participant).toHaveURL(/\/start/);
	await expect(participant.getByRole('heading', { level: 1 })).toHaveText('Hallo, Fatma Yilmaz!');
	await expect(participant.getByText('Sie sind mit Ihrem persönlichen Link angemeldet.')).toBeVisible();
	await expect(participant.getByRole('heading', { name: 'Gesundheitskonferenz Landkreis Musterstadt' })).toBeVisible();
	await expect(participant.getByText('Beratendes Mitglied')).toBeVisible();
	await expectAccessible(participant);
	await fresh.close();

	// The office sees the invitation on the person's page and in the audit history.
	await page.getByRole('link', { name: 'Zur Seite der Person' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fatma Yilmaz');
	await expect(page.getByRole('heading', { name: 'Verlauf' })).toBeVisible();
	await expect(page.getByText(/Person eingeladen/)).toBeVisible();
	await expect(page.getByText(/Persönlicher Link erstellt/)).toBeVisible();
	await expect(page.getByTestId('mail-status')).toContainText('Verschickt am');
	await expectAccessible(page);
});
