import { expect, test } from './test';
import { demo, expectAccessible, openConferenceSection, openLink } from './helpers';

test('the office marks a deputy: missing principal is explained, then the role shows on the person page', async ({ page }) => {
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Personen');
	await page.getByRole('link', { name: 'Ralf Neumann' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ralf Neumann');

	await page.getByText('Rolle vergeben oder Mitgliedschaft ändern').click();
	await page.getByLabel('Stellvertretung', { exact: true }).check();
	await page.getByRole('button', { name: 'Rolle vergeben' }).click();
	await expect(page.getByText('Bitte wählen Sie, für wen die Stellvertretung gilt.')).toBeVisible();
	await expect(page.getByLabel('Stellvertretung', { exact: true })).toBeChecked();
	await expectAccessible(page);

	await page.getByLabel('Stellvertretung für').selectOption({ label: 'Markus Schneider' });
	await page.getByRole('button', { name: 'Rolle vergeben' }).click();
	await expect(page.getByRole('status')).toHaveText('Gespeichert.');
	await expect(page.getByText('Stellvertretung für Markus Schneider')).toBeVisible();
	await expect(page.getByText(/Rolle vergeben/).last()).toBeVisible();
	await expectAccessible(page);
});

test('a group coordinator assigns the minute-taking in her group, and cannot leave the person out', async ({ page }) => {
	await openLink(page, demo('Beratendes Mitglied').link);
	await page.getByRole('link', { name: 'AG Zugang für alle' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('AG Zugang für alle');

	await page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Protokoll' });
	await page.getByRole('button', { name: 'Rolle vergeben' }).click();
	await expect(page.getByText('Bitte wählen Sie etwas aus.')).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Lena Maurer' });
	await page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Protokoll' });
	await page.getByRole('button', { name: 'Rolle vergeben' }).click();
	await expect(page.getByRole('status').filter({ hasText: /^Gespeichert\.$/ })).toBeVisible();
	const minutes = page.getByRole('heading', { name: 'Protokoll' }).locator('xpath=following-sibling::ul[1]');
	await expect(minutes).toContainText('Lena Maurer');

	// A coordinator of one group may read another group's page, but has no say there.
	await page.getByRole('link', { name: '← Zurück zu den Arbeitsgruppen' }).click();
	await page.getByRole('link', { name: 'AG Psychische Gesundheit' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('AG Psychische Gesundheit');
	await expect(page.getByRole('heading', { name: 'Rolle in der Arbeitsgruppe vergeben' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /entfernen/ })).toHaveCount(0);
});
