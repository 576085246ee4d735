import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { replyDueAt } from '../../src/lib/accessibility/replyDeadline';
import { demo, expectAccessibleWithoutScripts, openLink } from './helpers';

// The statement, its feedback form and the office's inbox must work without JavaScript.
test.use({ javaScriptEnabled: false });

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const MESSAGE = 'Die Abstimmungsknöpfe im Plenum sind für meine Sprachsteuerung schwer zu treffen.';

/** The reply deadline as the page words it: one calendar month from today, Berlin calendar. */
const deadlineText = () => new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(replyDueAt(new Date()));

async function expectNoHorizontalScroll(page: Page, path: string) {
	await page.setViewportSize({ width: 320, height: 720 });
	await page.goto(path);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `horizontal scroll at 320 px on ${path}`).toBeLessThanOrEqual(0);
}

test('the public sends feedback without signing in; the office sees it with its deadline and marks it answered', async ({ page }) => {
	// Every page links to the statement from its footer.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Was ist Ratschlag? In Leichter Sprache' })).toBeVisible();
	await page.getByRole('navigation', { name: 'Informationen zur Website' }).getByRole('link', { name: 'Barrierefreiheit' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erklärung zur Barrierefreiheit');
	await expect(page.getByText('Stand der Vereinbarkeit: teilweise vereinbar')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Was noch nicht barrierefrei ist' })).toBeVisible();
	await expect(page.getByText('Schlichtungsstelle nach § 16 BGG bei dem Beauftragten')).toBeVisible();
	const conferenceId = await page.getByLabel('Betrifft es eine Konferenz? (freiwillig)').locator('option', { hasText: CONFERENCE }).getAttribute('value');
	expect(conferenceId).toBeTruthy();
	await expectAccessibleWithoutScripts(page);

	// The conference's public start page: easy language, the sign-language video, the way to the statement.
	await page.goto(`/oeffentlich/${conferenceId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(CONFERENCE);
	await expect(page.getByText('Das ist die Seite von einer Gesundheits·konferenz.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Erklärung in Deutscher Gebärdensprache (Video)' })).toHaveAttribute('href', /^https:\/\//);
	await expect(page.getByRole('link', { name: 'Beschlossene Empfehlungen lesen' })).toBeVisible();
	await expectAccessibleWithoutScripts(page);
	await page.getByRole('link', { name: 'Erklärung zur Barrierefreiheit und Barriere melden' }).click();
	await expect(page).toHaveURL(new RegExp(`/barrierefreiheit\\?konferenz=${conferenceId}`));
	const form = page.getByRole('form', { name: 'Barriere melden' });
	await expect(form.getByLabel('Betrifft es eine Konferenz? (freiwillig)')).toHaveValue(conferenceId!);

	// A mistyped address: a message in German next to the field, and everything typed is still there.
	await form.getByLabel('Ihre Nachricht').fill(MESSAGE);
	await form.getByLabel('Ihr Name (freiwillig)').fill('Jonas Weber');
	await form.getByLabel('Ihre E-Mail-Adresse (freiwillig)').fill('jonas.weber@');
	await form.getByLabel('Auf welcher Seite ist das Problem? (freiwillig)').fill('/conferences/plenary');
	await form.getByRole('button', { name: 'Rückmeldung senden' }).click();
	await expect(page.getByRole('alert')).toHaveText('Bitte prüfen Sie die markierten Felder. Ihre Eingaben sind noch da.');
	const email = page.getByLabel('Ihre E-Mail-Adresse (freiwillig)');
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	await expect(email).toHaveAccessibleDescription(/E-Mail-Adresse/);
	await expect(page.getByLabel('Ihre Nachricht')).toHaveValue(MESSAGE);
	await expect(page.getByLabel('Ihr Name (freiwillig)')).toHaveValue('Jonas Weber');
	await expect(email).toHaveValue('jonas.weber@');
	await expect(page.getByLabel('Betrifft es eine Konferenz? (freiwillig)')).toHaveValue(conferenceId!);
	await expectAccessibleWithoutScripts(page);

	await email.fill('jonas.weber@example.org');
	await page.getByRole('button', { name: 'Rückmeldung senden' }).click();
	const receipt = page.getByRole('status').filter({ hasText: 'Danke für Ihre Rückmeldung.' });
	await expect(receipt).toContainText(`Sie bekommen spätestens am ${deadlineText()} eine Antwort.`);
	await expectAccessibleWithoutScripts(page);

	// The office: the navigation counts what is open; the entry shows its deadline; one form marks it answered.
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await page
		.getByRole('navigation', { name: 'Bereiche der Konferenz' })
		.getByRole('link', { name: /^Barrierefreiheit \(\d+ offen\)$/ })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rückmeldungen zur Barrierefreiheit');
	const entry = page.getByRole('listitem').filter({ hasText: MESSAGE });
	await expect(entry).toContainText(`Offen – Antwort fällig bis ${deadlineText()}`);
	await expect(entry).toContainText('jonas.weber@example.org');
	await expect(entry).toContainText('/conferences/plenary');
	await expectAccessibleWithoutScripts(page);

	await entry.getByRole('button', { name: 'Als beantwortet markieren' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(entry.getByRole('textbox', { name: 'Notiz zur Antwort' })).toHaveAttribute('aria-invalid', 'true');
	await entry.getByRole('textbox', { name: 'Notiz zur Antwort' }).fill('Per E-Mail geantwortet; die Knöpfe werden größer.');
	await entry.getByRole('button', { name: 'Als beantwortet markieren' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Die Rückmeldung ist als beantwortet markiert.' })).toBeVisible();
	await expect(entry).toContainText(/Beantwortet am .+ von /);
	await expect(entry).toContainText('Per E-Mail geantwortet; die Knöpfe werden größer.');
	await expect(entry.getByRole('button', { name: 'Als beantwortet markieren' })).toHaveCount(0);
	await expectAccessibleWithoutScripts(page);
});

test('the public pages reflow at 320 px without horizontal scrolling', async ({ page }) => {
	await page.goto('/barrierefreiheit');
	const conferenceId = await page.getByLabel('Betrifft es eine Konferenz? (freiwillig)').locator('option', { hasText: CONFERENCE }).getAttribute('value');
	for (const path of ['/', '/leichte-sprache', '/barrierefreiheit', `/barrierefreiheit?konferenz=${conferenceId}`, `/oeffentlich/${conferenceId}`]) {
		await expectNoHorizontalScroll(page, path);
	}
	await page.goto('/leichte-sprache');
	await expectAccessibleWithoutScripts(page);
});

test('a member of the conference sees no inbox and may not open it', async ({ page }) => {
	await openLink(page, demo('Stimmberechtigtes').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await expect(page.getByRole('navigation', { name: 'Bereiche der Konferenz' }).getByRole('link', { name: /Barrierefreiheit/ })).toHaveCount(0);
	const response = await page.goto(`${new URL(page.url()).pathname}/feedback`);
	expect(response?.status()).toBe(403);
});
