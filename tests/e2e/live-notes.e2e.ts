import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, openConferenceSection, openLink } from './helpers';

async function openGroupNotes(page: Page, link: string) {
	await openLink(page, link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Arbeitsgruppen');
	await page.getByRole('link', { name: 'AG Zugang für alle' }).click();
	const notes = page.getByLabel('Notizen der Arbeitsgruppe');
	await expect(page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	return notes;
}

test('two people write the working group’s notes together, live, and see each other', async ({ browser }) => {
	const coordinatorContext = await browser.newContext();
	const memberContext = await browser.newContext();
	const coordinator = await coordinatorContext.newPage();
	const member = await memberContext.newPage();

	const notesA = await openGroupNotes(coordinator, demo('Beratendes Mitglied').link);
	const notesB = await openGroupNotes(member, demo('Selbstvertreterin').link);
	await expectAccessible(coordinator);

	await expect(coordinator.getByText('Gerade dabei: Lena Maurer')).toBeVisible();
	await expect(member.getByText('Gerade dabei: Elena Popescu')).toBeVisible();

	await notesA.click();
	await notesA.pressSequentially('Termin: 15. Dezember. ');
	await expect(notesB).toHaveValue(/Termin: 15\. Dezember\./);

	await notesB.click();
	await notesB.press('End');
	await notesB.pressSequentially('Ich bringe die Liste mit.');
	await expect(notesA).toHaveValue(/Termin: 15\. Dezember\. Ich bringe die Liste mit\./);
	await expect(coordinator.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();

	// Reloaded, the text is there — served from the database, before any script runs.
	await member.reload();
	await expect(member.getByLabel('Notizen der Arbeitsgruppe')).toHaveValue(/Ich bringe die Liste mit\./);

	await coordinatorContext.close();
	await memberContext.close();
});

test('a conference member outside the group reads the notes but cannot write', async ({ page }) => {
	const notes = await openGroupNotes(page, demo('Stimmberechtigtes').link);
	await expect(notes).toHaveAttribute('readonly', '');
	await expect(page.getByText('Schreiben können die Mitglieder der Arbeitsgruppe.')).toBeVisible();
	await expectAccessible(page);
});

test('a change that would make the notes too large is not saved, and the page says why', async ({ page }) => {
	const notes = await openGroupNotes(page, demo('Beratendes Mitglied').link);
	const before = await notes.inputValue();
	// More than a group's notes may hold (512 KiB), pasted at once.
	await notes.fill(`${before}${'Anlage. '.repeat(80_000)}`);
	await expect(
		page.getByRole('status').filter({ hasText: 'Ihre letzte Änderung wurde nicht gespeichert: Das Dokument hat seine Höchstgröße erreicht.' })
	).toBeVisible();
	// The text stays on the screen to be copied, but nothing more is typed into a copy that went its own way.
	await expect(notes).toHaveAttribute('readonly', '');
	await page.reload();
	await expect(page.getByLabel('Notizen der Arbeitsgruppe')).toHaveValue(before);
});
