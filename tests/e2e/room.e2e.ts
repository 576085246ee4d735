import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { addBudget, demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink, signInWithLink } from './helpers';

/**
 * Issue 15's sitting in the room, end to end: a moderator's console, a member's phone with
 * JavaScript, the wall (opened from the console, at 1920×1080) and a self-advocate's phone without
 * JavaScript at 360 px on the easy pages. The member checks in with the code read off the wall,
 * the self-advocate votes in Leichte Sprache, the moderator adds a count from the room and closes
 * the vote, and the wall shows the counts on screen; then the moderator deletes an item, undoes
 * it, and every screen follows.
 */

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const SITTING = 'Plenum: Der Saal entscheidet';
const WELCOME = 'Begrüßung und Tagesordnung';
const DECISION = 'Empfehlung: Gesundheitslotsen in jeder Gemeinde';
const MOTION = 'Die Konferenz empfiehlt dem Kreistag, in jeder Gemeinde einen Gesundheitslotsen zu finanzieren.';
const WALL = { width: 1920, height: 1080 };
const PHONE = { width: 360, height: 740 };

async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
	return context.newPage();
}

function todayAt(time: string): string {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
	return `${day}T${time}`;
}

/** Wholly inside the screen: what the room reads off the wall must not need scrolling. */
async function expectInsideScreen(page: Page, locator: Locator, what: string) {
	await expect(locator, what).toBeVisible();
	const box = (await locator.boundingBox())!;
	const size = page.viewportSize()!;
	expect(box.x, `${what}: left`).toBeGreaterThanOrEqual(0);
	expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(size.width);
	expect(box.y + box.height, `${what}: bottom`).toBeLessThanOrEqual(size.height);
}

async function addItem(page: Page, title: string, type: string) {
	await page.getByLabel('Titel', { exact: true }).last().fill(title);
	await page.getByLabel('Minuten', { exact: true }).last().fill('20');
	await page.getByRole('combobox', { name: /^Art/ }).last().selectOption({ label: type });
	await page.getByRole('button', { name: 'Hinzufügen' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
}

test('the room: check-in from the wall, an easy-language vote, a count from the room, the result on the wall; a deleted item comes back everywhere', async ({
	browser
}) => {
	addBudget(240_000);

	// The office creates today's sitting; the moderator plans it in the console: a welcome and a decision.
	const office = await newPage(browser);
	await openLink(office, demo('Geschäftsstelle').link);
	await office.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(office, 'Plenum');
	await office.getByLabel('Titel der Sitzung').fill(SITTING);
	await office.getByLabel('Beginn').fill(todayAt('18:00'));
	await office.getByLabel('Ort').fill('Landratsamt Musterstadt, Großer Sitzungssaal');
	await office.getByRole('button', { name: 'Sitzung anlegen' }).click();
	await expect(office.getByRole('heading', { level: 1 })).toHaveText(SITTING);
	const sessionPath = new URL(office.url()).pathname;
	const sessionId = sessionPath.split('/').at(-1)!;

	const moderator = await newPage(browser);
	await openLink(moderator, demo('Moderation').link);
	await moderator.goto(sessionPath);
	await expect(moderator.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	await addItem(moderator, WELCOME, 'Information');
	await addItem(moderator, DECISION, 'Beschluss');

	// The wall opens in its own window, sized like the room's projector, and shows the code to check in.
	const [wall] = await Promise.all([moderator.context().waitForEvent('page'), moderator.getByRole('link', { name: /Auf dem Beamer zeigen/ }).click()]);
	await wall.setViewportSize(WALL);
	await expect(wall.getByRole('heading', { level: 1 })).toHaveText(SITTING);
	const codeOnWall = wall.locator('.code [aria-hidden="true"]');
	await expectInsideScreen(wall, codeOnWall, 'the check-in code');
	await expectInsideScreen(wall, wall.getByRole('img', { name: 'QR-Code zur Anmeldung an dieser Sitzung' }), 'the QR code');
	const code = (await codeOnWall.textContent())!.trim();
	expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);

	// A member types the code from the wall on their phone.
	const member = await newPage(browser, { viewport: PHONE });
	await openLink(member, demo('Stimmberechtigtes Mitglied').link);
	await member.goto('/check-in');
	await member.getByLabel('Code zur Anmeldung').fill(code);
	await member.getByRole('button', { name: 'Anmelden' }).click();
	await expect(member.getByRole('heading', { level: 1 })).toHaveText(SITTING);
	await expect(member.getByRole('status').filter({ hasText: 'Sie sind angemeldet, seit' })).toBeVisible();

	// The self-advocate checks in on the easy page, without JavaScript, at 360 px.
	const lena = await newPage(browser, { javaScriptEnabled: false, viewport: PHONE });
	await signInWithLink(lena, demo('Selbstvertreterin').link);
	const easySitting = `/einfach/sitzung/${sessionId}`;
	await lena.goto(easySitting);
	await lena.getByLabel('Code').fill(code);
	await lena.getByRole('button', { name: 'Ich bin da' }).click();
	await expect(lena.getByRole('status').filter({ hasText: 'Sie sind angemeldet.' })).toBeVisible();

	// Two of 20-odd seats are present: the console says so and opens the vote only when confirmed.
	const poll = moderator.locator('#poll');
	await moderator.reload();
	await expect(poll.getByRole('group', { name: 'Beschlussfähigkeit: Nicht beschlussfähig' })).toContainText('2 von');
	await poll.getByLabel('Tagesordnungspunkt').selectOption({ label: `2. ${DECISION}` });
	await poll.getByLabel('Antrag (Wortlaut)').fill(MOTION);
	await poll.getByLabel('Abstimmung (Ja / Nein / Enthaltung)').check();
	await poll.getByLabel('geheim').check();
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(poll.getByText(/Die Sitzung ist gerade nicht beschlussfähig/)).toBeVisible();
	await poll.getByLabel('Trotzdem eröffnen: Mir ist bewusst, dass die Sitzung gerade nicht beschlussfähig ist.').check();
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(poll.getByText(`Abstimmung läuft – ${DECISION}`)).toBeVisible();
	await expect(wall.getByRole('heading', { name: 'Abstimmung läuft' })).toBeVisible();
	await expect(wall.getByText(/^0 von 2 Stimmen abgegeben$/)).toBeVisible();

	// The member votes on the session page; the self-advocate in Leichte Sprache, with one confirmation.
	const memberBallot = member.getByRole('group', { name: 'Ihre Stimme' });
	await memberBallot.getByLabel('Nein').check();
	await member.getByRole('button', { name: 'Stimme abgeben' }).click();
	await expect(member.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt' })).toBeVisible();

	await lena.goto(easySitting);
	await expect(lena.getByText('Eine Abstimmung läuft.')).toBeVisible();
	await lena.getByRole('radio', { name: /^Ja/ }).check();
	await lena.getByRole('button', { name: 'Weiter' }).click();
	await expect(lena.getByText('Sie haben gewählt: Ja.')).toBeVisible();
	await lena.getByRole('button', { name: 'Das stimmt. Abstimmen.' }).click();
	await expect(lena.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt.' })).toBeVisible();
	expect(await lena.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
	await expectAccessibleWithoutScripts(lena);
	await expect(wall.getByText(/^2 von 2 Stimmen abgegeben$/)).toBeVisible();

	// No seat is left for a count from the room: the console refuses more than the seats present.
	const room = moderator.getByRole('form', { name: 'Im Saal zählen' });
	await room.getByLabel('Ja').fill('1');
	await room.getByRole('button', { name: 'Zählung im Saal speichern' }).click();
	await expect(moderator.getByRole('form', { name: 'Im Saal zählen' }).getByRole('alert')).toBeVisible();

	// Two more members arrive without a phone; the office enters them, and the moderator their hands.
	await office.reload();
	for (const name of ['Petra Lange', 'Dr. Stefan Wolf']) {
		await office.getByRole('button', { name: `${name} eintragen` }).click();
		await expect(office.getByRole('button', { name: `${name} austragen` })).toBeVisible();
	}
	await moderator.reload();
	const roomAgain = moderator.getByRole('form', { name: 'Im Saal zählen' });
	await roomAgain.getByLabel('Ja').fill('2');
	await roomAgain.getByLabel('Nein').fill('0');
	await roomAgain.getByLabel('Enthaltung').fill('0');
	await roomAgain.getByRole('button', { name: 'Zählung im Saal speichern' }).click();
	await expect(poll.getByText(/davon im Saal gezählt: 2/)).toBeVisible();
	await expectAccessible(moderator);
	await poll.getByRole('button', { name: 'Abstimmung schließen und Ergebnis feststellen' }).click();
	await expect(poll.getByText('Letztes Ergebnis')).toBeVisible();

	// The wall shows the counts, the outcome and where the votes came from, all on the screen.
	const result = wall.locator('section.vote');
	await expect(result.getByRole('heading', { name: 'Ergebnis der Abstimmung' })).toBeVisible();
	await expect(result.locator('dl')).toHaveText(/Ja\s*3\s*davon 2 aus dem Saal\s*Nein\s*1\s*Enthaltung\s*0/);
	await expectInsideScreen(wall, result.locator('dl'), 'the counts');
	// Four of twenty-odd seats: the outcome in words says the sitting could not decide.
	await expect(result.locator('.outcome')).toHaveText('nicht beschlussfähig');
	await expectInsideScreen(wall, result.locator('.outcome'), 'the outcome');
	expect(await wall.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(WALL.height);
	await wall.screenshot({ path: test.info().outputPath('wall-result-1920x1080.png') });

	// The self-advocate reads the result in easy words.
	await lena.goto(easySitting);
	const easyResult = lena.getByRole('region', { name: 'Abstimmen' });
	await expect(easyResult.getByRole('heading', { name: 'Das Ergebnis' })).toBeVisible();
	await expect(easyResult.getByRole('listitem').filter({ hasText: 'Ja: 3 Stimmen' })).toBeVisible();

	// The moderator deletes the welcome item and undoes it; the office's console and the member's agenda follow.
	await office.reload();
	await expect(member.getByText(WELCOME).first()).toBeVisible();
	await moderator.getByRole('button', { name: 'TOP 1 bearbeiten' }).click();
	await moderator.getByRole('button', { name: 'TOP 1 entfernen' }).click();
	await moderator.getByRole('button', { name: 'Ja, TOP 1 entfernen' }).click();
	await expect(office.getByRole('button', { name: 'Rückgängig' })).toBeVisible();
	await expect(member.getByText(WELCOME)).toHaveCount(0);
	await expect(office.getByRole('button', { name: 'TOP 1 bearbeiten' })).toBeVisible();
	await expect(office.getByRole('button', { name: 'TOP 2 bearbeiten' })).toHaveCount(0);
	await moderator.getByRole('button', { name: 'Rückgängig' }).click();
	await expect(member.getByText(WELCOME).first()).toBeVisible();
	await expect(office.getByRole('button', { name: 'TOP 2 bearbeiten' })).toBeVisible();
	await expect(office.getByRole('button', { name: 'Rückgängig' })).toHaveCount(0);
});
