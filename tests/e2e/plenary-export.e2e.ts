import type { Page } from '@playwright/test';
import { expect, test } from './test';
import ICAL from 'ical.js';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const TODAY = 'Plenum: Psychische Gesundheit junger Menschen';
const LAST = 'Plenum: Gesundheitliche Versorgung im ländlichen Raum';
const VIDEO = 'https://video.musterstadt.example/gesundheitskonferenz';

async function sessionPage(page: Page, title: string) {
	await openLink(page, demo('Stimmberechtigtes Mitglied').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(page, 'Plenum');
	await page.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

test('a member prints the agenda of today’s session: accessible, reflows at 320 px, no navigation on paper; the calendar file parses', async ({ page }) => {
	await sessionPage(page, TODAY);
	await page.getByRole('link', { name: 'Tagesordnung und Beschlüsse drucken' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TODAY);
	await expect(page.getByRole('heading', { level: 2, name: 'Tagesordnung' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Beschlüsse dieser Sitzung' })).toBeVisible();
	// Other tests plan this agenda further; its first item stays where the demo put it.
	const opening = page.getByRole('row', { name: /Begrüßung und Feststellung der Beschlussfähigkeit/ });
	await expect(opening).toContainText('17:00');
	await expect(opening).toContainText('Landrat Thomas Berger');
	await expect(page.getByText(/^Geplantes Ende: \d{1,2}:\d{2} Uhr$/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Drucken', exact: true })).toBeVisible();
	await expectAccessible(page);

	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeHidden();
	await expect(page.getByRole('navigation', { name: 'Bereiche der Konferenz' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Drucken', exact: true })).toBeHidden();
	await expect(page.getByRole('link', { name: /Zurück zur Sitzung/ })).toBeHidden();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(opening).toBeVisible();
	const printedAfterLink = await page.getByRole('link', { name: 'Per Video teilnehmen' }).evaluate((a) => getComputedStyle(a, '::after').content);
	expect(printedAfterLink).toContain(VIDEO);
	await page.emulateMedia({ media: 'screen' });

	await page.setViewportSize({ width: 320, height: 720 });
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, 'horizontal scroll at 320 px').toBeLessThanOrEqual(0);
	await expectAccessible(page);

	const href = await page.getByRole('link', { name: 'In den Kalender eintragen (.ics)' }).getAttribute('href');
	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="plenum-psychische-gesundheit-junger-menschen-\d{4}-\d{2}-\d{2}\.ics"$/);
	const calendar = new ICAL.Component(ICAL.parse(await response.text()));
	const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
	expect(event.summary).toBe(`${TODAY} – ${CONFERENCE}`);
	expect(event.location).toBe('Landratsamt Musterstadt, Großer Sitzungssaal (Raum 101)');
	expect(event.uid).toMatch(/^plenary-[a-z0-9]+@127\.0\.0\.1$/);
	const berlin = (time: ICAL.Time) =>
		new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(time.toJSDate());
	expect(berlin(event.startDate)).toBe('17:00');
	expect(event.endDate.compare(event.startDate)).toBe(1);
	expect(event.description).toContain('17:00 TOP 1: Begrüßung und Feststellung der Beschlussfähigkeit (Landrat Thomas Berger)');
	expect(event.description).toContain(`Geplantes Ende: ${berlin(event.endDate)} Uhr`);
	expect(event.description).toContain(`Per Video teilnehmen: ${VIDEO}`);
});

test('without JavaScript the printable page of the last session shows its resolutions, with concerns by name', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		await sessionPage(page, LAST);
		await page.getByRole('link', { name: 'Tagesordnung und Beschlüsse drucken' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(LAST);
		// No button that could do nothing: the browser's own print command is named instead.
		await expect(page.getByRole('button', { name: 'Drucken', exact: true })).toHaveCount(0);
		await expect(page.getByText('Zum Drucken nutzen Sie die Druckfunktion Ihres Browsers')).toBeVisible();

		const vote = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Beschluss 1:/ }) });
		await expect(vote.getByRole('heading', { level: 3 })).toHaveText('Beschluss 1: Empfehlung: Mobile Gesundheitsberatung in den Ortsteilen');
		await expect(vote).toContainText('angenommen');
		await expect(vote).toContainText('Ja: 10 · Nein: 2 · Enthaltung: 1');
		await expect(vote).toContainText('einfache Mehrheit');
		await expect(vote).toContainText(/\d+ von \d+ stimmberechtigten Sitzen vertreten, beschlussfähig ab \d+/);

		const consensus = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Beschluss 2:/ }) });
		await expect(consensus).toContainText('im Konsens beschlossen');
		await expect(consensus.getByRole('list', { name: 'Namentliche Stimmabgabe' })).toContainText('Bedenken, trage es aber mit: Prof. Dr. Katrin Vogel');
		await expect(consensus.getByRole('list', { name: 'Bedenken und Einwände' }).getByRole('listitem')).toHaveText(
			'Prof. Dr. Katrin Vogel (Bedenken, trage es aber mit): Wir tragen den Verbund mit. Die Rotationsstellen im Klinikum sind aber erst ab 2028 finanziert.'
		);
		await expectAccessibleWithoutScripts(page);
	} finally {
		await context.close();
	}
});
