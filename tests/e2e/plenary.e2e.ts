import { expect, test, type Browser, type Page } from '@playwright/test';
import { demo, expectAccessible, openLink } from './helpers';

const TODAY = 'Plenum: Psychische Gesundheit junger Menschen';

/** The office opens today's session and reads the check-in code as it is shown to the room. */
async function officeOnTodaysSession(browser: Browser): Promise<{ page: Page; code: string }> {
	const page = await (await browser.newContext()).newPage();
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await page.getByRole('navigation', { name: 'Bereiche der Konferenz' }).getByRole('link', { name: 'Plenum' }).click();
	await page.getByRole('link', { name: TODAY }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TODAY);
	const code = (await page.locator('.code [aria-hidden="true"]').textContent())!.trim();
	expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
	await expect(page.getByRole('img', { name: 'QR-Code zur Anmeldung an dieser Sitzung' })).toBeVisible();
	return { page, code };
}

test('a member checks in with the code from the screen; the office sees it and marks someone present by hand', async ({ browser }) => {
	const office = await officeOnTodaysSession(browser);
	await expectAccessible(office.page);

	const member = await (await browser.newContext()).newPage();
	await openLink(member, demo('Stimmberechtigtes Mitglied').link);
	await member.goto('/check-in');
	await expectAccessible(member);
	await member.getByLabel('Code zur Anmeldung').fill('ZZZ-ZZZ');
	await member.getByRole('button', { name: 'Anmelden' }).click();
	await expect(member.getByText('Diesen Code gibt es nicht.')).toBeVisible();
	await expectAccessible(member);
	// Typed the way people type: lower case, a space instead of the dash.
	await member.getByLabel('Code zur Anmeldung').fill(office.code.toLowerCase().replace('-', ' '));
	await member.getByRole('button', { name: 'Anmelden' }).click();
	await expect(member.getByRole('heading', { level: 1 })).toHaveText(TODAY);
	await expect(member.getByRole('status').filter({ hasText: 'Sie sind angemeldet, seit' })).toBeVisible();
	// The code is for those who run the room; a member's page does not show it.
	await expect(member.locator('.code')).toHaveCount(0);
	await expectAccessible(member);

	await office.page.reload();
	const jens = office.page.getByRole('row', { name: /Jens Hoffmann/ });
	await expect(jens).toContainText('Code');
	await office.page.getByRole('button', { name: 'Sabrina Koch eintragen' }).click();
	await expect(office.page.getByRole('row', { name: /Sabrina Koch/ })).toContainText('von der Geschäftsstelle');
	await expect(office.page.getByRole('status').filter({ hasText: /von \d+ anwesend/ })).toHaveText(/^2 von/);
	await expectAccessible(office.page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a member scans the QR code, confirms with one button and is counted present', async ({ browser }) => {
		const office = await officeOnTodaysSession(browser);
		const member = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await openLink(member, demo('Beratendes Mitglied').link);
		await member.goto(`/check-in/${office.code}`);
		await expect(member.getByText(TODAY)).toBeVisible();
		await member.getByRole('button', { name: 'Ich bin da' }).click();
		await expect(member.getByRole('status').filter({ hasText: 'Sie sind angemeldet, seit' })).toBeVisible();
		// Opening the QR link again does not count twice; it says so.
		await member.goto(`/check-in/${office.code}`);
		await expect(member.getByText('Sie sind schon angemeldet.')).toBeVisible();
		await office.page.reload();
		await expect(office.page.getByRole('row', { name: /Elena Popescu/ })).toContainText('QR-Code');
	});
});
