import { expect, test } from './test';
import ICAL from 'ical.js';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

const GROUP = 'AG Zugang für alle';

test('the coordination plans a meeting with agenda and rotating roles, records who came, and the calendar file parses', async ({ page }) => {
	await openLink(page, demo('Beratendes Mitglied').link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Arbeitsgruppen');
	await page.getByRole('link', { name: GROUP }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(GROUP);
	await expect(page.getByRole('link', { name: `${GROUP}: Empfehlung abstimmen` })).toBeVisible();

	// Neither a place nor a link: refused next to the place, with what was typed kept.
	const form = page.getByRole('form', { name: 'Sitzung planen' });
	await form.getByLabel('Titel der Sitzung').fill('Sondersitzung Sprachmittlung');
	await form.getByLabel('Beginn').fill('2027-01-20T15:30');
	await form.getByLabel('Tagesordnung').fill('Protokoll\n\nSprachmittlung in Arztpraxen\nTermine');
	await form.getByLabel('Moderation').selectOption({ label: 'Lena Maurer' });
	await form.getByLabel('Protokoll').selectOption({ label: 'Petra Lange' });
	await form.getByRole('button', { name: 'Sitzung anlegen' }).click();
	await expect(page.getByText('Bitte geben Sie einen Ort oder einen Link zur Video-Sitzung an.')).toBeVisible();
	await expect(form.getByLabel('Titel der Sitzung')).toHaveValue('Sondersitzung Sprachmittlung');
	await expectAccessible(page);

	await form.getByLabel('Ort').fill('Gesundheitsamt Musterstadt, Raum 2.14');
	await form.getByRole('button', { name: 'Sitzung anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sondersitzung Sprachmittlung');
	await expect(page.getByRole('status').filter({ hasText: 'Die Sitzung ist angelegt.' })).toBeVisible();
	await expect(page.getByRole('list').filter({ hasText: 'Sprachmittlung in Arztpraxen' }).getByRole('listitem')).toHaveText([
		'Protokoll',
		'Sprachmittlung in Arztpraxen',
		'Termine'
	]);
	await expect(page.getByRole('definition').filter({ hasText: 'Lena Maurer' })).toBeVisible();
	await expect(page.getByRole('definition').filter({ hasText: 'Petra Lange' })).toBeVisible();

	// Who came: marked by the coordination, counted on the page.
	await page.getByRole('button', { name: 'Lena Maurer eintragen' }).click();
	await expect(page.getByRole('status').filter({ hasText: /^1 von \d+ anwesend$/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Lena Maurer austragen' })).toBeVisible();
	await expectAccessible(page);

	const calendar = await page.request.get(`${new URL(page.url()).pathname}/calendar.ics`);
	expect(calendar.headers()['content-type']).toContain('text/calendar');
	expect(calendar.headers()['content-disposition']).toContain('sondersitzung-sprachmittlung-2027-01-20.ics');
	const event = new ICAL.Event(new ICAL.Component(ICAL.parse(await calendar.text())).getFirstSubcomponent('vevent')!);
	expect(event.summary).toBe(`Sondersitzung Sprachmittlung – ${GROUP}`);
	expect(event.description).toContain('2. Sprachmittlung in Arztpraxen');
	expect(event.description).toContain('Moderation: Lena Maurer');
});

test('without JavaScript a minute-taker records who came to the last meeting of his group', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		await openLink(page, demo('Selbstvertreter, Protokoll').link);
		await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
		await openConferenceSection(page, 'Arbeitsgruppen');
		await page.getByRole('link', { name: 'AG Psychische Gesundheit' }).click();
		await page.getByRole('link', { name: 'AG Psychische Gesundheit: Bestandsaufnahme' }).click();
		const status = page.getByRole('status').filter({ hasText: /anwesend$/ });
		const before = Number(/^(\d+)/.exec((await status.textContent())!)![1]);
		const absent = page.getByRole('button', { name: / eintragen$/ }).first();
		const name = (await absent.textContent())!.replace(/ eintragen$/, '').trim();
		await absent.click();
		await expect(page.getByRole('button', { name: `${name} austragen` })).toBeVisible();
		await expect(status).toHaveText(new RegExp(`^${before + 1} von \\d+ anwesend$`));
		await expectAccessibleWithoutScripts(page);
	} finally {
		await context.close();
	}
});
