import { expect, test } from './test';
import { demo, expectAccessible, openConferenceSection, openLink } from './helpers';

test('a revoked link is refused with a plain page, and its open session ends', async ({ page, browser }) => {
	// The office issues a second card for the guest, and the guest signs in with it elsewhere.
	await openLink(page, demo('Geschäftsstelle').link);
	await page.goto('/conferences');
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).click();
	await openConferenceSection(page, 'Personen');
	await page.getByLabel('Personen suchen').fill('Sommer');
	await page.getByRole('button', { name: 'Suchen' }).click();
	await expect(page.getByRole('status')).toHaveText('1 Treffer für „Sommer“');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Dr. Julia Sommer' }).click();
	await page.getByRole('button', { name: 'Neuen Link erstellen' }).click();
	const link = (await page.getByTestId('access-link-url').textContent())!.trim();
	await expectAccessible(page);

	const guestContext = await browser.newContext();
	const guest = await guestContext.newPage();
	await openLink(guest, link);
	await expect(guest.getByRole('heading', { level: 1 })).toHaveText('Hallo, Dr. Julia Sommer!');

	// Revoke the newest link (listed first).
	await page.getByRole('button', { name: 'Link sperren' }).first().click();
	await expect(page.getByText('Der Link ist gesperrt.')).toBeVisible();
	await expect(page.getByText(/Gesperrt am/).first()).toBeVisible();

	// The guest's open session ended with the link …
	await guest.reload();
	await expect(guest).toHaveURL(/\/sign-in/);
	// … and the link itself now explains itself instead of signing in.
	await guest.goto(link);
	await expect(guest.getByRole('heading', { level: 1 })).toHaveText('Dieser Link funktioniert nicht');
	await expect(guest.getByText('Dieser persönliche Link wurde gesperrt.')).toBeVisible();
	await expectAccessible(guest);
	await guestContext.close();
});

test('an unknown link gets a clear page, never a stack trace', async ({ page }) => {
	await page.goto('/l/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link funktioniert nicht');
	await expect(page.getByText('Diesen Link kennen wir nicht.')).toBeVisible();
	await expectAccessible(page);
});

test('a member who opens an office page gets a friendly 403 in plain words', async ({ page }) => {
	await openLink(page, demo('Stimmberechtigtes').link);
	const conferenceUrl = await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).getAttribute('href');
	const response = await page.goto(`${conferenceUrl}/people`);
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Das dürfen Sie hier nicht');
	await expect(page.getByText('Fragen Sie die Geschäftsstelle.')).toBeVisible();
	await expectAccessible(page);
});

test('an unknown page gets a plain 404 page', async ({ page }) => {
	const response = await page.goto('/gibt-es-nicht');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
	await expectAccessible(page);
});
