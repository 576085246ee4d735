import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, openConferenceSection, openLink } from './helpers';

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';

/** Follows a link from within the app, as a shared link in a page would be: SvelteKit loads its data. */
async function follow(page: Page, href: string) {
	const name = `Geteilter Link zu ${href}`;
	await page.evaluate(
		({ target, text }) => {
			const link = document.createElement('a');
			link.href = target;
			link.textContent = text;
			document.querySelector('main')!.append(link);
		},
		{ target: href, text: name }
	);
	await page.getByRole('link', { name, exact: true }).click();
}

test('a link to a page one may not open, followed within the app, is refused in plain words, still signed in', async ({ page, browser }) => {
	// The address of a working group, as the office would pass it on.
	const officeContext = await browser.newContext();
	const office = await officeContext.newPage();
	await openLink(office, demo('Geschäftsstelle').link);
	await office.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(office, 'Arbeitsgruppen');
	const group = (await office.getByRole('link', { name: 'AG Zugang für alle' }).getAttribute('href'))!;
	await officeContext.close();

	// A guest of the conference does not open its working groups.
	await openLink(page, demo('Gast').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await follow(page, group);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Das dürfen Sie hier nicht');
	await expect(page.getByText('Fragen Sie die Geschäftsstelle.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
	await expectAccessible(page);

	// A group that is not there (a mistyped or outdated address) is not found, and the person is still signed in.
	await follow(page, `${group}x`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
	await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible();
});
