import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const GROUP = 'AG Zugang für alle';

async function openGroup(page: Page, group: string) {
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(page, 'Arbeitsgruppen');
	await page.getByRole('link', { name: group }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(group);
}

test('the coordination drafts a recommendation with the group, agrees on it and submits it to the plenary', async ({ page, browser }) => {
	await openLink(page, demo('Beratendes Mitglied').link);
	await openGroup(page, GROUP);
	const section = page.getByRole('region', { name: 'Handlungsempfehlungen' });
	await expect(section.getByRole('link', { name: 'Praxisinformationen in Leichter Sprache' })).toBeVisible();
	await expect(section.getByRole('link', { name: 'Sprachmittlung in Arztpraxen' })).toBeVisible();

	const form = page.getByRole('form', { name: 'Neue Empfehlung beginnen' });
	await form.getByLabel('Arbeitstitel').fill('Barrierefreie Praxen finden');
	await form.getByRole('button', { name: 'Entwurf anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Barrierefreie Praxen finden');
	await expect(page.getByRole('status').filter({ hasText: 'Der Entwurf ist angelegt.' })).toBeVisible();
	const recommendationPath = new URL(page.url()).pathname;

	// The live editor: the title is already in the shared document; the rest is typed.
	const saved = page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' });
	await expect(saved).toBeVisible();
	await expect(page.getByLabel('Titel', { exact: true })).toHaveValue('Barrierefreie Praxen finden');
	await page.getByLabel('Ausgangslage').fill('Niemand weiß, welche Praxen stufenlos erreichbar sind.');
	await page.getByLabel('Empfehlung', { exact: true }).fill('Das Gesundheitsamt erhebt die Barrierefreiheit aller Praxen und veröffentlicht eine Karte.');
	await expect(saved).toBeVisible();
	await expectAccessible(page);

	// Agreeing needs every text, the easy-language summary too.
	await page.getByRole('button', { name: 'In der AG abgestimmt: Text festhalten' }).click();
	await expect(page.getByRole('alert')).toContainText('Bitte füllen Sie zuerst alle Felder aus');
	await expect(saved).toBeVisible();
	await page.getByLabel('Zuständige Stellen').fill('Gesundheitsamt, Kreisärzteschaft');
	await page
		.getByLabel('Zusammenfassung in Leichter Sprache')
		.fill('Manche Menschen sitzen im Roll·stuhl.\nSie suchen eine Praxis ohne Stufen.\nEine Karte zeigt diese Praxen.');
	await expect(saved).toBeVisible();
	await page.getByRole('button', { name: 'In der AG abgestimmt: Text festhalten' }).click();

	// Frozen: the text is shown as a record, no editor left.
	await expect(page.getByRole('definition').filter({ hasText: 'In der AG abgestimmt' })).toBeVisible();
	await expect(page.getByText('Die AG hat diesen Text abgestimmt.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Ausgangslage' })).toHaveCount(0);
	await expect(page.getByText('Eine Karte zeigt diese Praxen.')).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Dem Plenum vorlegen' }).click();
	await expect(page.getByRole('definition').filter({ hasText: 'Dem Plenum vorgelegt' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Verlauf' }).getByRole('listitem')).toHaveCount(3);
	await expect(page.getByRole('region', { name: 'Nächste Schritte' })).toHaveCount(0);
	await expectAccessible(page);

	// Not adopted, so not public: the public address answers "not found" to everyone.
	const conferenceId = recommendationPath.split('/')[2];
	const anonymous = await browser.newContext();
	try {
		const response = await (await anonymous.newPage()).goto(`/oeffentlich/${conferenceId}/empfehlungen/${recommendationPath.split('/').at(-1)}`);
		expect(response?.status()).toBe(404);
	} finally {
		await anonymous.close();
	}
});

test('the office links a submitted recommendation to its agenda item and is told the decision needs the resolution', async ({ page }) => {
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(page, 'Empfehlungen');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Handlungsempfehlungen');
	// Filter by status (a GET form): only the ones before the plenary.
	await page.getByLabel('Stand').selectOption({ label: 'Dem Plenum vorgelegt' });
	await page.getByRole('button', { name: 'Anzeigen' }).click();
	await expect(page).toHaveURL(/status=submitted/);
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Schulsozialarbeit und Beratungsstellen vernetzen' }).click();

	// The hand-over: the agenda's items to decide on are offered; linking again is allowed until the decision.
	const schedule = page.getByRole('form', { name: 'Tagesordnungspunkt im Plenum zuordnen' });
	const item = await schedule.locator('option', { hasText: 'Empfehlung: Schulsozialarbeit' }).getAttribute('value');
	await schedule.getByLabel('Tagesordnungspunkt').selectOption(item!);
	await schedule.getByRole('button', { name: 'Zuordnen' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Gespeichert' })).toBeVisible();
	const plenary = page.getByRole('region', { name: 'Im Plenum' });
	await expect(plenary.getByRole('link', { name: /Tagesordnungspunkt „Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen“/ })).toBeVisible();
	const decide = page.getByRole('form', { name: 'Entscheidung des Plenums eintragen' });
	await decide.getByLabel('Entscheidung').selectOption({ label: 'Vom Plenum beschlossen' });
	// The latest resolution on the item is offered first (the vote test may have taken one); choose none.
	await decide.getByLabel('Beschluss').selectOption({ label: 'ohne Abstimmung (nur bei Zurückverweisung)' });
	await decide.getByRole('button', { name: 'Entscheidung eintragen' }).click();
	await expect(page.getByText('Bitte wählen Sie den Beschluss, mit dem das Plenum entschieden hat.')).toBeVisible();
	await expect(page.getByRole('definition').filter({ hasText: 'Dem Plenum vorgelegt' })).toBeVisible();
	await expectAccessible(page);

	// The adopted one links to its resolution in the plenary.
	const conferenceId = new URL(page.url()).pathname.split('/')[2];
	await page.goto(`/conferences/${conferenceId}/recommendations?status=forwarded`);
	await page.getByRole('link', { name: 'Mobile Gesundheitsberatung in den Ortsteilen' }).click();
	await expect(page.getByRole('region', { name: 'Im Plenum' }).getByRole('link', { name: /^Beschluss 1 vom .*: angenommen$/ })).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Umsetzung' }).getByText('berichtet von Claudia Richter (Pflegestützpunkt Landkreis Musterstadt)')
	).toBeVisible();
	await expectAccessible(page);
});

test('the public overview and an adopted recommendation’s page, without signing in and without JavaScript', async ({ page, browser }) => {
	// The conference's address comes from a member's page; the public pages are then opened signed out.
	await openLink(page, demo('Gast').link);
	await page.getByRole('link', { name: CONFERENCE }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(CONFERENCE);
	const conferenceId = new URL(page.url()).pathname.split('/')[2];

	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const visitor = await context.newPage();
		await visitor.goto(`/oeffentlich/${conferenceId}/empfehlungen`);
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Beschlossene Handlungsempfehlungen');
		await expect(visitor.getByRole('link', { name: 'Anmelden' })).toBeVisible();
		const cards = visitor.getByRole('heading', { level: 2 });
		await expect(cards).toHaveText(['Mobile Gesundheitsberatung in den Ortsteilen']);
		await expect(visitor.getByText('Krisendienst rund um die Uhr')).toHaveCount(0);
		await expectAccessibleWithoutScripts(visitor);

		// Filter by stage: nothing done yet; in progress is the adopted one.
		await visitor.getByLabel('Stand').selectOption({ label: 'Umgesetzt' });
		await visitor.getByRole('button', { name: 'Anzeigen' }).click();
		await expect(visitor.getByText('Keine Empfehlung passt zu dieser Auswahl.')).toBeVisible();
		await visitor.getByLabel('Arbeitsgruppe').selectOption({ label: 'AG Pflege und Versorgung im Alter' });
		await visitor.getByLabel('Stand').selectOption({ label: 'In Umsetzung' });
		await visitor.getByRole('button', { name: 'Anzeigen' }).click();
		await expect(visitor).toHaveURL(/gruppe=.*stand=in_progress/);
		await expect(cards).toHaveText(['Mobile Gesundheitsberatung in den Ortsteilen']);
		await expectAccessibleWithoutScripts(visitor);

		await visitor.getByRole('link', { name: 'Mobile Gesundheitsberatung in den Ortsteilen' }).click();
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Mobile Gesundheitsberatung in den Ortsteilen');
		await expect(visitor.getByRole('heading', { name: 'Zusammenfassung in Leichter Sprache' })).toBeVisible();
		await expect(visitor.getByText('Der Bus kommt 1 Mal im Monat.')).toBeVisible();
		// Checked by the Prüfgruppe: said with the date, without naming the self-advocate who checked it.
		await expect(visitor.getByText(/Menschen aus der Prüfgruppe haben diesen Text am .* geprüft/)).toBeVisible();
		await expect(visitor.getByText('Jürgen Albrecht')).toHaveCount(0);
		const history = visitor.getByRole('region', { name: 'Was bisher geschah' });
		await expect(history.getByText(/^Beschluss 1 vom .*: angenommen/)).toBeVisible();
		await expect(history.getByText(/an Kreistag des Landkreises Musterstadt/)).toBeVisible();
		// Reporters by organisation; nobody's name is published.
		const reports = visitor.getByRole('region', { name: 'Umsetzung' });
		await expect(reports.getByText('berichtet von Pflegestützpunkt Landkreis Musterstadt')).toBeVisible();
		await expect(visitor.getByText('Claudia Richter')).toHaveCount(0);
		await expect(visitor.getByText('Sabine Krüger')).toHaveCount(0);
		await expectAccessibleWithoutScripts(visitor);
	} finally {
		await context.close();
	}
});
