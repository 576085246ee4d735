import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

/**
 * Members by seat (issue 18, part A) on the demo: the office reads the composition and the
 * diversity view (aggregates only, small counts withheld), sets up the sectors; a member gives a
 * self-description on their account page without JavaScript, only with consent, and erases it.
 */

async function noHorizontalScroll(page: import('@playwright/test').Page) {
	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `horizontal scroll at 320 px on ${page.url()}`).toBeLessThanOrEqual(0);
	await page.setViewportSize({ width: 1280, height: 720 });
}

test('the office sees the composition with its gaps in words, and the diversity view without a name', async ({ page }) => {
	await openLink(page, demo('Geschäftsstelle').link);
	await page.goto('/conferences');
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Mitglieder');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mitglieder nach Sitzen');
	const plenary = page.getByRole('table', { name: /Sitze im Plenum nach Sektor/ });
	await expect(plenary.getByRole('row', { name: /Krankenkassen/ })).toContainText('Lücke: 1 unter Ziel');
	await expect(plenary.getByRole('row', { name: /ohne Sektor/ })).toBeVisible();
	// The chart repeats the table and is hidden from screen readers.
	await expect(page.locator('figure.chart').first()).toHaveAttribute('aria-hidden', 'true');
	await expect(page.getByRole('table', { name: /Amtszeiten/ })).toContainText('Petra Lange');
	await expectAccessible(page);
	await noHorizontalScroll(page);

	// From a term that ends soon to the member's seat: sector, term, deputies, the self-description form.
	const members = page.url();
	await page
		.getByRole('table', { name: /Amtszeiten/ })
		.getByRole('link', { name: 'Petra Lange' })
		.click();
	await expect(page.getByRole('heading', { name: 'Sitz und Amtszeit' })).toBeVisible();
	await expect(page.getByLabel('Sektor')).toHaveValue(/.+/);
	await expect(page.getByRole('heading', { name: 'Freiwillige Selbstauskunft (Vielfalt)' })).toBeVisible();
	await expectAccessible(page);
	await page.goto(members);

	await page.getByRole('link', { name: /Vielfalt der Mitglieder/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vielfalt der Mitglieder');
	const main = page.locator('main');
	await expect(main).toContainText('16');
	await expect(main).toContainText('–');
	for (const name of ['Lena Maurer', 'Birgit Hahn', 'Jürgen Albrecht']) await expect(main).not.toContainText(name);
	await expectAccessible(page);
	await noHorizontalScroll(page);

	await page.goto(page.url().replace(/\/members\/diversity$/, '/settings/sectors'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sektoren und Zielsitze');
	await expectAccessible(page);
	await noHorizontalScroll(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a member records a self-description only with consent, sees it, and erases it', async ({ page }) => {
		await openLink(page, demo('Stimmberechtigtes Mitglied').link);
		await page.goto('/account');
		// The self-description's section of the demo conference (the newsletter has one per conference too).
		const section = page.locator('section[aria-labelledby^="diversity-title"]', {
			has: page.getByRole('heading', { name: 'Gesundheitskonferenz Landkreis Musterstadt', level: 3 })
		});
		await expect(section).toContainText('noch keine Angaben');
		await section.getByRole('group', { name: 'Geschlecht' }).getByLabel('männlich').check();
		await section.getByRole('button', { name: 'Angaben speichern' }).click();
		// No consent: nothing stored, the answer kept, the reason next to the box.
		await expect(section).toContainText('Ohne Ihre Einwilligung speichern wir nichts');
		await expect(section.getByRole('group', { name: 'Geschlecht' }).getByLabel('männlich')).toBeChecked();
		await section.getByLabel(/Ich bin einverstanden/).check();
		await section.getByRole('button', { name: 'Angaben speichern' }).click();
		await expect(section.getByRole('status')).toHaveText('Gespeichert.');
		await expect(section).toContainText('Einwilligung und Angaben liegen vor');
		await expectAccessibleWithoutScripts(page);
		await section.getByRole('button', { name: 'Meine Angaben löschen' }).click();
		await expect(section).toContainText('Die Selbstauskunft ist gelöscht.');
		await expect(section).toContainText('noch keine Angaben');
	});
});
