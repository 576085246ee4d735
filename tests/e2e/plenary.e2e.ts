import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

// Every test opens several people's browsers; they leave with the test.
async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
	const context = await browser.newContext(options);
	return context.newPage();
}

const TODAY = 'Plenum: Psychische Gesundheit junger Menschen';

/** The office opens today's session and reads the check-in code as it is shown to the room. */
async function officeOnTodaysSession(browser: Browser): Promise<{ page: Page; code: string }> {
	const page = await newPage(browser);
	await openLink(page, demo('Geschäftsstelle').link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Plenum');
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

	const member = await newPage(browser);
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
	// Another day's session asks for no code: check-in opens on the day.
	await member.getByRole('link', { name: 'Zurück zu den Sitzungen' }).click();
	await member.getByRole('link', { name: 'Plenum: Pflege zu Hause – Bilanz der Empfehlungen' }).click();
	await expect(member.getByText('Zu dieser Sitzung melden Sie sich am Tag der Sitzung an')).toBeVisible();
	await expect(member.getByLabel('Code zur Anmeldung')).toHaveCount(0);

	await office.page.reload();
	const jens = office.page.getByRole('row', { name: /Jens Hoffmann/ });
	await expect(jens).toContainText('Code');
	await office.page.getByRole('button', { name: 'Sabrina Koch eintragen' }).click();
	await expect(office.page.getByRole('row', { name: /Sabrina Koch/ })).toContainText('von der Geschäftsstelle');
	await expect(office.page.getByRole('status').filter({ hasText: /von \d+ anwesend/ })).toHaveText(/^2 von/);
	await expectAccessible(office.page);
});

async function onTodaysSession(browser: Browser, rolePrefix: string, options: { javaScriptEnabled?: boolean } = {}) {
	const page = await newPage(browser, options);
	await openLink(page, demo(rolePrefix).link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Plenum');
	await page.getByRole('link', { name: TODAY }).click();
	return page;
}

test('office and moderation plan the agenda together, live; the schedule follows; members read it', async ({ browser }) => {
	const office = await onTodaysSession(browser, 'Geschäftsstelle');
	const moderator = await onTodaysSession(browser, 'Moderation');
	for (const page of [office, moderator]) await expect(page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	// A compact list: an item's fields open when asked for (see console.e2e.ts).
	const row = (page: Page, title: string) => page.locator('.agenda-column li').filter({ hasText: title });
	await expect(row(office, 'Begrüßung')).toContainText('17:00 TOP 1 Begrüßung');
	await expectAccessible(office);

	await office.getByLabel('Titel', { exact: true }).last().fill('Bericht aus der AG Zugang für alle');
	await office.getByLabel('Minuten', { exact: true }).last().fill('20');
	await office.getByRole('button', { name: 'Hinzufügen' }).click();
	// The new item is TOP 6, planned after the others: 17:00 + 115 minutes.
	await expect(row(moderator, 'Bericht aus der AG Zugang für alle')).toContainText('18:55 TOP 6 Bericht aus der AG Zugang für alle');
	await expect(moderator.getByText('Geplantes Ende: 19:15 Uhr')).toBeVisible();

	// Reordering is by buttons (no dragging); both screens follow, the schedule too.
	await moderator.getByRole('button', { name: 'TOP 6 bearbeiten' }).click();
	await moderator.getByRole('button', { name: 'TOP 6 nach oben' }).click();
	await expect(row(office, 'Bericht aus der AG Zugang für alle')).toContainText('18:45 TOP 5 Bericht aus der AG Zugang für alle');
	await office.getByRole('button', { name: 'TOP 6 bearbeiten' }).click();
	await office
		.getByRole('group', { name: /^TOP 6 · 19:05 · Verschiedenes/ })
		.getByLabel('Minuten')
		.fill('5');
	await office
		.getByRole('group', { name: /^TOP 6 · 19:05 · Verschiedenes/ })
		.getByLabel('Minuten')
		.press('Tab');
	await expect(moderator.getByText('Geplantes Ende: 19:10 Uhr')).toBeVisible();
	await expectAccessible(moderator);

	// A member follows without JavaScript: the same agenda, as a list with its times.
	const member = await onTodaysSession(browser, 'Stimmberechtigtes Mitglied', { javaScriptEnabled: false });
	const agenda = member.getByRole('list').filter({ hasText: 'Begrüßung und Feststellung der Beschlussfähigkeit' });
	await expect(agenda.getByRole('listitem').nth(5)).toContainText('18:45');
	await expect(agenda.getByRole('listitem').nth(5)).toContainText('TOP 5 Bericht aus der AG Zugang für alle');
	await expect(agenda.getByRole('listitem').nth(6)).toContainText('19:05 TOP 6 Verschiedenes Aussprache · 5 Minuten · Dr. Miriam Okafor');
	await expect(member.getByRole('button', { name: /nach oben/ })).toHaveCount(0);
});

test('the moderator opens an item and makes an announcement; projector and members follow live', async ({ browser }) => {
	const moderator = await onTodaysSession(browser, 'Moderation');
	const member = await onTodaysSession(browser, 'Stellvertretung');
	const projector = await newPage(browser);
	await openLink(projector, demo('Geschäftsstelle').link);
	const sessionUrl = new URL(moderator.url());
	await projector.goto(`/projector/${sessionUrl.pathname.split('/').at(-1)}`);
	await expect(projector.getByText('Gerade ist kein Punkt aufgerufen.')).toBeVisible();
	await expect(projector.getByRole('navigation')).toHaveCount(0);
	// Those who plan the agenda see each other. The member following along and the projector
	// (signed in as the office too) only watch: neither is listed.
	await officeOnTodaysSession(browser);
	await expect(moderator.getByText(/^Gerade dabei:/)).toHaveText('Gerade dabei: Sabine Krüger');
	await expect(member.getByText(/^Gerade dabei:/)).toHaveText('Gerade dabei: Dr. Miriam Okafor, Sabine Krüger');
	await expect(member.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();

	await moderator.getByRole('button', { name: 'TOP 1 aufrufen' }).click();
	await expect(moderator.getByRole('button', { name: 'TOP 1 aufrufen' })).toHaveAttribute('aria-pressed', 'true');
	await expect(projector.getByRole('heading', { level: 1 })).toHaveText(/TOP 1\s*Begrüßung und Feststellung der Beschlussfähigkeit/);
	await expect(member.getByText('TOP 1: Begrüßung und Feststellung der Beschlussfähigkeit', { exact: true })).toBeVisible();
	await expect(member.locator('[aria-current="step"]')).toContainText('Begrüßung');
	await expect(projector.getByRole('list')).toContainText('TOP 2: Bericht der Geschäftsstelle');
	// On a narrow phone the current item's time, "Jetzt" and a long word of its title
	// ("Beschlussfähigkeit") share no line they do not fit on.
	await member.setViewportSize({ width: 320, height: 800 });
	expect(await member.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
	await member.setViewportSize({ width: 1280, height: 720 });

	await moderator.getByLabel('Durchsage an alle Bildschirme').fill('Bitte die Mikrofone einschalten.');
	await moderator.getByRole('button', { name: 'Durchsagen' }).click();
	await expect(projector.getByText('Bitte die Mikrofone einschalten.')).toBeVisible();
	await expect(member.getByText('Bitte die Mikrofone einschalten.')).toBeVisible();
	await expectAccessible(projector);
	await expectAccessible(member);

	await moderator.getByRole('button', { name: 'Durchsage löschen' }).click();
	await moderator.getByRole('button', { name: 'Aktuellen Punkt beenden' }).click();
	await expect(projector.getByText('Gerade ist kein Punkt aufgerufen.')).toBeVisible();
	await expect(projector.getByText('Bitte die Mikrofone einschalten.')).toHaveCount(0);
});

test('a member asks to speak without JavaScript; the moderator gives the floor; the projector shows speaker and countdown', async ({ browser }) => {
	const office = await officeOnTodaysSession(browser);
	const moderator = await onTodaysSession(browser, 'Moderation');
	const member = await onTodaysSession(browser, 'Selbstvertreter,', { javaScriptEnabled: false });
	const projector = await newPage(browser);
	await openLink(projector, demo('Geschäftsstelle').link);
	await projector.goto(`/projector/${new URL(moderator.url()).pathname.split('/').at(-1)}`);

	// Not checked in yet: asking is explained, not offered.
	await expect(member.getByText('Um sich zu Wort zu melden, melden Sie sich zuerst zur Sitzung an.')).toBeVisible();
	await member.getByLabel('Code zur Anmeldung').fill(office.code);
	await member.getByRole('button', { name: 'Anmelden' }).click();
	await member.getByRole('button', { name: 'Ich möchte sprechen' }).click();
	await expect(member.getByText('Sie stehen auf der Redeliste: Platz 1.')).toBeVisible();
	await expect(projector.getByRole('list').filter({ hasText: 'Jürgen Albrecht' })).toBeVisible();
	await expect(moderator.getByRole('button', { name: 'Jürgen Albrecht streichen' })).toBeVisible();

	await moderator.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
	await expect(projector.getByText('Es spricht: Jürgen Albrecht')).toBeVisible();
	await expect(projector.getByRole('timer')).toHaveText(/^\s*[23]:\d\d/);
	await expectAccessible(projector);
	await moderator.getByRole('button', { name: 'Redezeit anhalten' }).click();
	await expect(projector.getByRole('timer')).toContainText('angehalten');

	await member.reload();
	await expect(member.getByText('Es spricht: Jürgen Albrecht')).toBeVisible();
	await expect(member.getByRole('button', { name: 'Ich möchte sprechen' })).toBeVisible();
	await moderator.getByRole('button', { name: 'Redeliste schließen' }).click();
	await expect(moderator.getByText('Die Redeliste ist geschlossen.')).toBeVisible();
	// The moderator's screen shows the change before it reached the server: the member, without
	// JavaScript, sees it with the next reload after that.
	await expect(async () => {
		await member.reload();
		await expect(member.getByRole('button', { name: 'Ich möchte sprechen' })).toHaveCount(0, { timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await member.getByText('Antrag zur Geschäftsordnung').click();
	await member.getByRole('button', { name: 'Zur Geschäftsordnung' }).click();
	await expect(member.getByText('Sie stehen auf der Redeliste: Platz 1.')).toBeVisible();
	await member.getByRole('button', { name: 'Wortmeldung zurückziehen' }).click();
	await expect(member.getByText('Niemand steht auf der Redeliste.')).toBeVisible();
	await expectAccessible(moderator);
});

test('one list of speakers per item: a member asks to speak against, the chair gives the floor, changes the item, and the record says who spoke how long', async ({
	browser
}) => {
	const office = await officeOnTodaysSession(browser);
	const moderator = await onTodaysSession(browser, 'Moderation');
	const member = await onTodaysSession(browser, 'Stimmberechtigtes Mitglied', { javaScriptEnabled: false });
	await checkInIfNeeded(member, office.code);
	const speakers = moderator.locator('section.speakers');

	await moderator.getByRole('button', { name: 'TOP 2 aufrufen' }).click();
	await expect(speakers).toContainText('Zu TOP 2: Bericht der Geschäftsstelle');
	// For and against are the sitting's option, off until the chair offers them.
	await speakers.getByText('Einstellungen der Redeliste (ganze Sitzung)').click();
	await speakers.getByLabel('„Dafür“ und „dagegen“ anbieten').check();
	await expect(async () => {
		await member.reload();
		await expect(member.getByRole('button', { name: 'Ich spreche dagegen' })).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await expectAccessibleWithoutScripts(member);
	await member.getByRole('button', { name: 'Ich spreche dagegen' }).click();
	await expect(member.getByText('Sie stehen auf der Redeliste: Platz 1.')).toBeVisible();
	const request = speakers.getByRole('listitem').filter({ hasText: 'Jens Hoffmann' });
	await expect(request).toContainText('dagegen');
	await expectAccessible(moderator);

	await speakers.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
	await expect(speakers.getByText('Es spricht: Jens Hoffmann')).toBeVisible();
	await speakers.getByRole('button', { name: 'Redebeitrag beenden' }).click();
	const counts = speakers.locator('dl.counts');
	await expect(counts).toContainText(/Redebeiträge\s*1/);
	await expect(counts).toContainText(/Dafür \/ dagegen \/ GO\s*0 \/ 1 \/ 0/);

	// Someone waits on item 2 when the chair moves on: item 3 has its own, empty list; item 2's comes back with it.
	const waiting = speakers.getByRole('listitem').filter({ hasText: 'Jürgen Albrecht' });
	await speakers.getByLabel('Person auf die Redeliste setzen').selectOption({ label: 'Jürgen Albrecht' });
	await speakers.getByRole('button', { name: 'Auf die Liste' }).click();
	await expect(waiting).toBeVisible();
	await moderator.getByRole('button', { name: 'TOP 3 aufrufen' }).click();
	await expect(speakers).toContainText('Zu TOP 3:');
	await expect(speakers.getByText('Niemand steht auf der Redeliste.')).toBeVisible();
	await expect(speakers).toContainText('TOP 2: Bericht der Geschäftsstelle: 1 offen');
	await expect(async () => {
		await member.reload();
		await expect(member.getByRole('button', { name: 'Ich möchte sprechen' })).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await moderator.getByRole('button', { name: 'TOP 2 aufrufen' }).click();
	await expect(waiting).toBeVisible();
	await expect(moderator.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();

	await moderator.goto(`${new URL(moderator.url()).pathname}/print`);
	const record = moderator.getByRole('region', { name: 'Redebeiträge' });
	await expect(record.getByRole('heading', { name: 'TOP 2: Bericht der Geschäftsstelle' })).toBeVisible();
	await expect(record.getByRole('row', { name: /Jens Hoffmann/ })).toHaveText(/Jens Hoffmann\s*dagegen\s*0:\d\d\s*\d\d:\d\d/);
	await expectAccessible(moderator);
});

/** Checks a person in on their session page with the code, unless an earlier test already did. */
async function checkInIfNeeded(page: Page, code: string) {
	const field = page.getByLabel('Code zur Anmeldung');
	if ((await field.count()) === 0) return;
	await field.fill(code);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Sie sind angemeldet, seit' })).toBeVisible();
}

/** Voting members the office marks present by hand, so that today's sitting has its quorum. */
const IN_THE_ROOM = [
	'Petra Lange',
	'Dr. Stefan Wolf',
	'Dr. Aylin Demir',
	'Prof. Dr. Katrin Vogel',
	'Markus Schneider',
	'Anna Fischer',
	'Ralf Neumann',
	'Claudia Richter',
	'Georg Braun',
	'Helga Zimmermann',
	'Birgit Hahn',
	'Yusuf Arslan',
	'Monika Schulz'
];

test('a vote: the moderator opens it, two voting members vote (one without JavaScript), an advisory member cannot, the result appears everywhere', async ({
	browser
}) => {
	const office = await officeOnTodaysSession(browser);
	// The rules of procedure are the office's: a simple majority. The quorum stays as seeded (half
	// the seats), which other tests' sittings rely on; so the office marks the room's members present.
	const conferenceUrl = office.page.url().split('/plenary/')[0];
	const sessionPath = new URL(office.page.url()).pathname;
	await office.page.goto(`${conferenceUrl}/settings`);
	await office.page.getByLabel('Mehrheit').selectOption({ label: 'einfache Mehrheit (mehr Ja- als Nein-Stimmen)' });
	await office.page.getByRole('button', { name: 'Speichern' }).click();
	await expect(office.page.getByRole('status').filter({ hasText: 'Gespeichert' })).toBeVisible();
	await expectAccessible(office.page);
	await office.page.goto(sessionPath);
	for (const name of IN_THE_ROOM) {
		const enter = office.page.getByRole('button', { name: `${name} eintragen`, exact: true });
		if ((await enter.count()) === 0) continue; // present already: this test ran before, on a retry
		await enter.click();
		await expect(office.page.getByRole('row', { name: new RegExp(name.replace(/\./g, '\\.')) })).toContainText('von der Geschäftsstelle');
	}

	const moderator = await onTodaysSession(browser, 'Moderation');
	const jens = await onTodaysSession(browser, 'Stimmberechtigtes Mitglied');
	const lena = await onTodaysSession(browser, 'Selbstvertreterin', { javaScriptEnabled: false });
	const elena = await onTodaysSession(browser, 'Beratendes Mitglied');
	// Elena stays unchecked-in: a later test checks her in by QR code. Having no vote comes first anyway.
	for (const page of [jens, lena]) await checkInIfNeeded(page, office.code);
	const projector = await newPage(browser);
	await openLink(projector, demo('Geschäftsstelle').link);
	await projector.goto(`/projector/${sessionPath.split('/').at(-1)}`);

	const motion = 'Die Konferenz empfiehlt feste Sprechstunden der Beratungsstellen an allen weiterführenden Schulen.';
	const poll = moderator.locator('#poll');
	await expect(poll.getByRole('group', { name: 'Beschlussfähigkeit: Beschlussfähig' })).toBeVisible();
	await poll.getByLabel('Tagesordnungspunkt').selectOption({ label: '4. Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen' });
	await poll.getByLabel('Antrag (Wortlaut)').fill(motion);
	await poll.getByLabel('Abstimmung (Ja / Nein / Enthaltung)').check();
	await poll.getByLabel('namentlich').check();
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(poll.getByText('Abstimmung läuft – Empfehlung: Schulsozialarbeit und Beratungsstellen vernetzen')).toBeVisible();
	await expectAccessible(moderator);

	// The projector and a member's open page follow without reloading.
	await expect(projector.getByRole('heading', { name: 'Abstimmung läuft' })).toBeVisible();
	await expect(projector.getByText(motion)).toBeVisible();
	await expect(projector.getByText(/^0 von \d+ Stimmen abgegeben$/)).toBeVisible();
	const jensBallot = jens.getByRole('group', { name: 'Ihre Stimme' });
	await expect(jensBallot).toBeVisible();
	await expectAccessible(jens);
	await jensBallot.getByLabel('Ja').check();
	await jens.getByRole('button', { name: 'Stimme abgeben' }).click();
	await expect(jens.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt: Ja.' })).toBeVisible();
	// Sent without leaving the page: the keyboard stays with the answer.
	await expect(jens.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt: Ja.' })).toBeFocused();
	await expect(projector.getByText(/^1 von \d+ Stimmen abgegeben$/)).toBeVisible();

	// Without JavaScript: the page shows the poll after a reload, the vote is a plain form.
	await lena.reload();
	await lena.getByRole('group', { name: 'Ihre Stimme' }).getByLabel('Ja').check();
	await lena.getByRole('button', { name: 'Stimme abgeben' }).click();
	await expect(lena.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt: Ja.' })).toBeVisible();
	await expect(lena.getByRole('button', { name: 'Stimme abgeben' })).toHaveCount(0);
	await expectAccessibleWithoutScripts(lena);
	await expect(projector.getByText(/^2 von \d+ Stimmen abgegeben$/)).toBeVisible();

	// An advisory member is told why there is no ballot, and a forged vote is refused.
	await expect(elena.getByText('Sie haben kein Stimmrecht in dieser Konferenz.')).toBeVisible();
	await expect(elena.getByRole('button', { name: 'Stimme abgeben' })).toHaveCount(0);
	const pollId = await moderator.locator('#poll input[name="pollId"]').first().inputValue();
	const forged = await elena.request.post(`${sessionPath}?/vote`, {
		form: { pollId, choice: 'no' },
		headers: { origin: new URL(elena.url()).origin },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(403);
	await expect(projector.getByText(/^2 von \d+ Stimmen abgegeben$/)).toBeVisible();

	await moderator.getByRole('button', { name: 'Abstimmung schließen und Ergebnis feststellen' }).click();
	const projected = projector.locator('section.vote');
	await expect(projected.getByRole('heading', { name: 'Ergebnis der Abstimmung' })).toBeVisible();
	await expect(projected).toContainText('angenommen');
	await expect(projected.locator('dl')).toHaveText(/Ja\s*2\s*Nein\s*0\s*Enthaltung\s*0/);
	await expectAccessible(projector);
	// Live on a member's page, and stored as the session's resolution.
	await expect(jens.locator('#poll')).toContainText('Letztes Ergebnis');
	await expect(jens.locator('#poll')).toContainText('angenommen');
	await expect(jens.getByRole('heading', { name: /^Beschluss 1: Empfehlung: Schulsozialarbeit/ })).toBeVisible();
	await lena.getByRole('button', { name: 'Stand aktualisieren' }).click();
	await expect(lena.locator('#poll')).toContainText('angenommen');
	await expect(lena.getByRole('heading', { name: /^Beschluss 1: Empfehlung: Schulsozialarbeit/ })).toBeVisible();
	await expectAccessible(moderator);

	// The next poll opens: the resolution just taken stays on the open page, the new ballot comes.
	await poll.getByLabel('Antrag (Wortlaut)').fill('Die Konferenz bittet den Kreistag um eine Stelle für Schulsozialarbeit.');
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(jensBallot).toBeVisible();
	await expect(jens.getByRole('heading', { name: /^Beschluss 1: Empfehlung: Schulsozialarbeit/ })).toBeVisible();
	await moderator.getByRole('button', { name: 'Abstimmung abbrechen (ohne Beschluss)' }).click();
	await expect(jensBallot).toHaveCount(0);
	await expect(jens.getByRole('heading', { name: /^Beschluss 1: Empfehlung: Schulsozialarbeit/ })).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a member scans the QR code, confirms with one button and is counted present', async ({ browser }) => {
		const office = await officeOnTodaysSession(browser);
		const member = await newPage(browser, { javaScriptEnabled: false });
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
