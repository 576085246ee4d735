import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addBudget, demo, expectAccessible, openConferenceSection, openLink } from './helpers';

/**
 * The moderator console on a sitting of its own (the one to come), so the journeys of
 * plenary.e2e.ts on today's sitting never meet these: an agenda long enough to scroll, items
 * edited one at a time, deleting with a confirmation and an undo on every screen, the projector
 * in its own window, shortcuts for the list of speakers, and what must stay in view at 1280×800.
 */
const SESSION = 'Plenum: Pflege zu Hause – Bilanz der Empfehlungen';
const ITEMS = [
	'Begrüßung',
	'Bericht: Pflegeberatung in den Gemeinden – was die Pflegestützpunkte im ersten Jahr gelernt haben und was sie von der Konferenz brauchen',
	'Kurzzeitpflege: Plätze im Landkreis',
	'Entlastung pflegender Angehöriger',
	'Pflege und Beruf',
	'Nachbarschaftshilfe',
	'Wohnen im Alter',
	'Digitale Pflegeberatung',
	'Ausblick auf das nächste Jahr',
	'Verschiedenes'
];

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	return context.newPage();
}

/** Screenshots for a person to look at: into SHOTS_DIR when set, else next to the test's output. */
async function shot(page: Page, name: string) {
	const dir = process.env.SHOTS_DIR ?? test.info().outputDir;
	mkdirSync(dir, { recursive: true });
	await page.screenshot({ path: join(dir, `${name}.png`) });
}

async function onSession(browser: Browser, rolePrefix: string, viewport?: { width: number; height: number }) {
	const page = await newPage(browser, viewport);
	await openLink(page, demo(rolePrefix).link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Plenum');
	await page.getByRole('link', { name: SESSION }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SESSION);
	await expect(page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	return page;
}

/** The office plans the sitting once: ten items, and two people present to put on the list of speakers. */
async function planned(browser: Browser): Promise<Page> {
	const office = await onSession(browser, 'Geschäftsstelle');
	const agenda = office.locator('.agenda-column');
	if ((await agenda.getByText(ITEMS.at(-1)!, { exact: true }).count()) === 0) {
		for (const title of ITEMS) {
			await office.getByLabel('Titel', { exact: true }).fill(title);
			await office.getByLabel('Minuten', { exact: true }).fill('10');
			await office.getByRole('button', { name: 'Hinzufügen' }).click();
			await expect(agenda.getByText(title, { exact: true })).toBeVisible();
		}
		for (const name of ['Ahmad Nouri', 'Anna Fischer']) {
			await office.getByRole('button', { name: `${name} eintragen` }).click();
			await expect(office.getByRole('button', { name: `${name} austragen` })).toBeVisible();
		}
	}
	return office;
}

const row = (page: Page, title: string) => page.locator('.agenda-column li').filter({ hasText: title });

async function expectInViewport(page: Page, what: Locator[], height = 800) {
	for (const locator of what) {
		const box = (await locator.boundingBox())!;
		expect(box, `${locator} on screen`).not.toBeNull();
		expect(box.y, `${locator} below the top`).toBeGreaterThanOrEqual(0);
		expect(box.y + box.height, `${locator} above the bottom`).toBeLessThanOrEqual(height);
	}
}

test('an item’s fields open on demand, one at a time; a deletion is confirmed, and undone from another screen', async ({ browser }) => {
	// Two people's pages and ten items planned through the page: a long journey on a busy machine.
	addBudget(120_000);
	const office = await planned(browser);
	const moderator = await onSession(browser, 'Moderation');

	// A compact list: no item's fields are open, long titles wrap in full.
	await expect(moderator.getByRole('group', { name: /^TOP \d+ ·/ })).toHaveCount(0);
	await expect(row(moderator, ITEMS[1])).toContainText(`TOP 2 ${ITEMS[1]}`);
	await expect(row(moderator, ITEMS[1])).toContainText('17:10');
	await expect(row(moderator, ITEMS[1])).toContainText('10 Minuten');

	const edit2 = moderator.getByRole('button', { name: 'TOP 2 bearbeiten' });
	await expect(edit2).toHaveAttribute('aria-expanded', 'false');
	await edit2.click();
	await expect(edit2).toHaveAttribute('aria-expanded', 'true');
	const fields2 = moderator.getByRole('group', { name: /^TOP 2 · 17:10 · Bericht: Pflegeberatung/ });
	const title2 = fields2.getByLabel('Titel');
	await expect(title2).toHaveValue(ITEMS[1]);
	// The whole title shows in its field, nothing cut off.
	expect(await title2.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
	await expectAccessible(moderator);

	await moderator.getByRole('button', { name: 'TOP 3 bearbeiten' }).click();
	await expect(fields2).toHaveCount(0);
	const fields3 = moderator.getByRole('group', { name: /^TOP 3 · 17:20 · Kurzzeitpflege/ });
	await fields3.getByLabel('Minuten').fill('25');
	await fields3.getByLabel('Minuten').press('Tab');
	await expect(row(office, 'Entlastung pflegender Angehöriger')).toContainText('17:45');

	// Deleting asks first and says what it does; nothing has changed yet on any screen.
	await fields3.getByRole('button', { name: 'TOP 3 entfernen' }).click();
	await expect(fields3).toContainText('TOP 3 „Kurzzeitpflege: Plätze im Landkreis“ von der Tagesordnung nehmen?');
	const yes = fields3.getByRole('button', { name: 'Ja, TOP 3 entfernen' });
	await expect(yes).toBeFocused();
	await fields3.getByRole('button', { name: 'Abbrechen' }).click();
	await expect(fields3.getByRole('button', { name: 'TOP 3 entfernen' })).toBeFocused();
	await fields3.getByRole('button', { name: 'TOP 3 entfernen' }).click();
	await expect(row(office, 'Kurzzeitpflege')).toHaveCount(1);
	await expectAccessible(moderator);
	await yes.click();

	// Gone from the agenda everywhere; the undo shows on both screens, the keyboard is on it here.
	for (const page of [moderator, office]) {
		await expect(row(page, 'Kurzzeitpflege')).toHaveCount(0);
		await expect(row(page, 'Entlastung pflegender Angehöriger')).toContainText('TOP 3');
		await expect(page.getByText(/^TOP 3 „Kurzzeitpflege: Plätze im Landkreis“ entfernt von Dr\. Miriam Okafor um \d\d:\d\d Uhr\.$/)).toBeVisible();
	}
	await expect(moderator.getByRole('button', { name: 'Rückgängig' })).toBeFocused();
	await shot(moderator, 'console-1280-deleted');
	await expectAccessible(office);

	// The office undoes it: back in place, with the length set before, on every screen.
	await office.getByRole('button', { name: 'Rückgängig' }).click();
	for (const page of [moderator, office]) {
		await expect(row(page, 'Kurzzeitpflege')).toContainText('TOP 3');
		await expect(row(page, 'Kurzzeitpflege')).toContainText('25 Minuten');
		await expect(page.getByRole('button', { name: 'Rückgängig' })).toHaveCount(0);
	}

	// The current item is never deleted silently: the confirmation says so, the undo opens it again.
	await moderator.getByRole('button', { name: 'TOP 1 aufrufen' }).click();
	await expect(moderator.locator('#now')).toContainText('TOP 1: Begrüßung');
	await moderator.getByRole('button', { name: 'TOP 1 bearbeiten' }).click();
	await moderator.getByRole('button', { name: 'TOP 1 entfernen' }).click();
	await expect(moderator.getByText('TOP 1 ist gerade aufgerufen. Danach ist kein Punkt mehr aufgerufen.')).toBeVisible();
	await moderator.getByRole('button', { name: 'Ja, TOP 1 entfernen' }).click();
	await expect(office.locator('#now')).toContainText('Gerade ist kein Punkt aufgerufen.');
	await office.getByRole('button', { name: 'Rückgängig' }).click();
	await expect(moderator.locator('#now')).toContainText('TOP 1: Begrüßung');
	await expect(office.getByRole('button', { name: 'TOP 1 aufrufen' })).toHaveAttribute('aria-pressed', 'true');
});

test('the projector opens in a window of its own; shortcuts run the list of speakers; at 1280×800 what runs the sitting stays in view', async ({ browser }) => {
	await planned(browser);
	const moderator = await onSession(browser, 'Moderation');
	const sessionId = new URL(moderator.url()).pathname.split('/').at(-1);

	// A real link (it works without JavaScript), into a named window: a second click opens no other.
	const projectorLink = moderator.getByRole('link', { name: /^Auf dem Beamer zeigen/ });
	await expect(projectorLink).toHaveAttribute('href', `/projector/${sessionId}`);
	await expect(projectorLink).toHaveAttribute('target', `ratschlag-projector-${sessionId}`);
	const [projector] = await Promise.all([moderator.context().waitForEvent('page'), projectorLink.click()]);
	await expect(projector).toHaveURL(new RegExp(`/projector/${sessionId}$`));
	await expect(projector.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(moderator).toHaveURL(new RegExp(`/plenary/${sessionId}$`));
	const opened: Page[] = [];
	moderator.context().on('page', (page) => opened.push(page));
	await projectorLink.click();
	await moderator.waitForTimeout(1500);
	expect(opened).toEqual([]);
	expect(moderator.context().pages()).toHaveLength(2);
	await expect(moderator.getByRole('link', { name: 'Protokoll der Sitzung' })).toHaveAttribute('href', /\/plenary\/[^/]+\/minutes$/);

	// Two people on the list; N gives the floor, S and the space bar stop and restart the clock.
	const speakers = moderator.locator('section.speakers');
	for (const name of ['Ahmad Nouri', 'Anna Fischer']) {
		if ((await speakers.getByRole('button', { name: `${name} streichen` }).count()) > 0) continue;
		await moderator.getByLabel('Person auf die Redeliste setzen').selectOption({ label: name });
		await moderator.getByRole('button', { name: 'Auf die Liste' }).click();
		await expect(speakers.getByRole('button', { name: `${name} streichen` })).toBeVisible();
	}
	await expect(moderator.getByRole('heading', { name: 'Tastenkürzel' })).toBeVisible();
	await moderator.locator('h1').click();
	await moderator.keyboard.press('n');
	await expect(speakers.getByText('Es spricht: Ahmad Nouri')).toBeVisible();
	await expect(projector.getByText('Es spricht: Ahmad Nouri')).toBeVisible();
	await expect(moderator.getByRole('status').filter({ hasText: 'Ahmad Nouri hat das Wort.' })).toBeVisible();
	await moderator.keyboard.press('s');
	await expect(speakers.getByRole('timer')).toContainText('angehalten');
	await moderator.keyboard.press(' ');
	await expect(speakers.getByRole('timer')).not.toContainText('angehalten');
	await moderator.keyboard.press('Shift+S');
	await expect(speakers.getByRole('timer')).toContainText('angehalten');
	// Typing in a field is typing: an announcement with an n and an s in it calls nobody.
	await moderator.getByLabel('Durchsage an alle Bildschirme').pressSequentially('Nun sind wir soweit');
	await expect(speakers.getByText('Es spricht: Ahmad Nouri')).toBeVisible();
	await expect(speakers.getByRole('timer')).toContainText('angehalten');
	await moderator.getByLabel('Durchsage an alle Bildschirme').fill('');
	// And they can be switched off (WCAG 2.1.4).
	await moderator.getByLabel('Tastenkürzel verwenden').uncheck();
	await moderator.locator('h1').click();
	await moderator.keyboard.press('n');
	await moderator.waitForTimeout(500);
	await expect(speakers.getByText('Es spricht: Ahmad Nouri')).toBeVisible();
	await moderator.getByLabel('Tastenkürzel verwenden').check();
	await moderator.getByRole('button', { name: 'TOP 2 aufrufen' }).click();

	// At 1280×800 one screen holds the current item, the speaker with the clock, and the vote ...
	const inView = [
		moderator.locator('#now .current'),
		speakers.getByText('Es spricht: Ahmad Nouri'),
		speakers.getByRole('timer'),
		moderator.locator('#poll-title'),
		moderator.getByLabel('Durchsage an alle Bildschirme')
	];
	// Once the page's head is scrolled away (the links "Springe zu" do it too) ...
	await moderator.locator('#console').evaluate((el) => el.scrollIntoView({ block: 'start' }));
	await expectInViewport(moderator, inView);
	await expectAccessible(moderator);
	await shot(moderator, 'console-1280');
	// ... and keeps them there while the agenda scrolls to its end.
	await row(moderator, 'Verschiedenes').scrollIntoViewIfNeeded();
	await expect(row(moderator, 'Verschiedenes')).toBeInViewport();
	expect(await moderator.evaluate(() => window.scrollY)).toBeGreaterThan(200);
	await expectInViewport(moderator, inView);
	await shot(moderator, 'console-1280-scrolled');
});

test('at 360 px the same console in the order of the sitting, with links to each part; nothing scrolls sideways at 320 px', async ({ browser }) => {
	await planned(browser);
	const moderator = await onSession(browser, 'Moderation', { width: 360, height: 800 });
	const tops = await Promise.all(
		['#now', '#speakers-title', '#poll', '#announce', '#agenda', '#resolutions'].map(async (id) => (await moderator.locator(id).boundingBox())!.y)
	);
	expect([...tops].sort((a, b) => a - b)).toEqual(tops);
	const jump = moderator.getByRole('navigation', { name: 'Springe zu' });
	await jump.getByRole('link', { name: 'Abstimmung' }).click();
	await expect(moderator).toHaveURL(/#poll$/);
	await expect(moderator.locator('#poll-title')).toBeInViewport();
	await jump.getByRole('link', { name: 'Tagesordnung' }).click();
	await expect(moderator.locator('#agenda')).toBeInViewport();
	await moderator.getByRole('button', { name: 'TOP 2 bearbeiten' }).click();
	await expect(moderator.getByRole('group', { name: /^TOP 2 ·/ }).getByLabel('Titel')).toBeVisible();
	await expectAccessible(moderator);
	await moderator.locator('#now').scrollIntoViewIfNeeded();
	await shot(moderator, 'console-360');
	await moderator.setViewportSize({ width: 320, height: 800 });
	expect(await moderator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
