import { expect, test } from './test';
import { demo, expectAccessible, openLink } from './helpers';

test('switching to English is remembered across pages and visits', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Willkommen bei Ratschlag');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Ratschlag');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
	await expectAccessible(page);

	await page.goto('/sign-in');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anmelden');
});

test('a person’s language is stored on their profile and applies when their link is opened', async ({ browser }) => {
	const person = demo('Stellvertretung');
	const first = await browser.newContext();
	const page = await first.newPage();
	await openLink(page, person.link);
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${person.name}!`);
	await expectAccessible(page);
	await first.close();

	// Another device, no cookies: the link signs in and the stored choice is back.
	const second = await browser.newContext();
	const other = await second.newPage();
	await openLink(other, person.link);
	await expect(other.getByRole('heading', { level: 1 })).toHaveText(`Hello, ${person.name}!`);
	await other.getByRole('button', { name: 'Deutsch' }).click();
	await expect(other.getByRole('heading', { level: 1 })).toHaveText(`Hallo, ${person.name}!`);
	await second.close();
});
