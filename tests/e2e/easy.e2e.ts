import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink, openMainNavigation, signInWithLink } from './helpers';

// The self-advocate's pages in Leichte Sprache, on a phone: with and without JavaScript, by keyboard.

const PHONE = { width: 360, height: 740 };
async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: PHONE, ...options });
	return context.newPage();
}

const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const ITEM = 'Wege in die Beratung: Erfahrungen von Selbstvertreterinnen';

/** Today's date in Berlin as `<input type="datetime-local">` wants it. */
function todayAt(time: string): string {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
	return `${day}T${time}`;
}

/**
 * Each journey gets its own sitting today (the demo's is shared with plenary.e2e.ts, where places
 * on the list of speakers are counted): the office creates it, plans one item and opens it.
 */
async function sessionForToday(browser: Browser, title: string): Promise<{ code: string; path: string; office: Page }> {
	const office = await newPage(browser);
	await office.setViewportSize({ width: 1280, height: 900 });
	await openLink(office, demo('Geschäftsstelle').link);
	await office.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(office, 'Plenum');
	await office.getByLabel('Titel der Sitzung').fill(title);
	await office.getByLabel('Beginn').fill(todayAt('18:00'));
	await office.getByLabel('Ort').fill('Landratsamt, Raum 101');
	await office.getByRole('button', { name: 'Sitzung anlegen' }).click();
	await expect(office.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(office.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	await office.getByLabel('Titel', { exact: true }).last().fill(ITEM);
	await office.getByLabel('Minuten', { exact: true }).last().fill('30');
	await office.getByRole('combobox', { name: /^Art/ }).last().selectOption({ label: 'Aussprache' });
	await office.getByRole('button', { name: 'Hinzufügen' }).click();
	await office.getByRole('button', { name: 'TOP 1 aufrufen' }).click();
	await expect(office.getByRole('button', { name: 'TOP 1 aufrufen' })).toHaveAttribute('aria-pressed', 'true');
	await expect(office.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	const code = (await office.locator('.code [aria-hidden="true"]').textContent())!.trim();
	return { code, path: new URL(office.url()).pathname, office };
}

/** What every easy page must be: reflows at 320 px, large targets, large text, no axe violations. */
async function expectEasyPage(page: Page, javaScript: boolean) {
	const viewport = page.viewportSize()!;
	await page.setViewportSize({ width: 320, height: 640 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `reflow on ${page.url()}`).toBeLessThanOrEqual(320);
	const small: string[] = [];
	for (const target of await page.locator('a, button, input, select, textarea, summary').all()) {
		const box = await target.boundingBox();
		if (!box) continue;
		if (box.width < 44 || box.height < 44) small.push(`${await target.evaluate((el) => el.outerHTML.slice(0, 80))}: ${box.width}×${box.height}`);
	}
	expect(small, `targets under 44×44 px on ${page.url()}`).toEqual([]);
	const text = await page.locator('main p, main li, main label, main .hint').evaluateAll((ps) =>
		ps.map((p) => {
			const style = getComputedStyle(p);
			return {
				text: p.textContent!.slice(0, 40),
				size: parseFloat(style.fontSize),
				ratio: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
				italic: style.fontStyle
			};
		})
	);
	expect(text.length).toBeGreaterThan(0);
	for (const p of text) {
		expect(p.size, p.text).toBeGreaterThanOrEqual(18);
		expect(p.ratio, p.text).toBeGreaterThanOrEqual(1.5);
		expect(p.italic, p.text).toBe('normal');
	}
	await page.setViewportSize(viewport);
	if (javaScript) await expectAccessible(page);
	else await expectAccessibleWithoutScripts(page);
}

/** Help and contact in the same place on every page (WCAG 3.2.6). */
async function expectHelpAndContact(page: Page) {
	await expect(page.getByRole('banner').getByRole('link', { name: 'Hilfe' })).toBeVisible();
	const footer = page.getByRole('contentinfo');
	await expect(footer.getByRole('link', { name: '07000 123-456' })).toHaveAttribute('href', 'tel:07000123456');
	await expect(footer.getByRole('link', { name: 'gesundheitskonferenz@musterstadt.example' })).toBeVisible();
	await expect(footer.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

async function journey(browser: Browser, javaScript: boolean) {
	const title = `Plenum in Leichter Sprache (${javaScript ? 'mit' : 'ohne'} JavaScript)`;
	const session = await sessionForToday(browser, title);
	const lena = await newPage(browser, { javaScriptEnabled: javaScript });
	const scripts: string[] = [];
	lena.on('request', (request) => {
		if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
	});

	await signInWithLink(lena, demo('Selbstvertreterin').link);
	await expect(lena).toHaveURL(/\/einfach$/);
	// Scripts are counted from here on: the sign-in page before is a standard page.
	scripts.splice(0);
	await lena.reload();
	await expect(lena.getByRole('heading', { level: 1 })).toHaveText('Hallo Lena Maurer!');
	await expect(lena.getByRole('heading', { name: 'Das ist heute für Sie' })).toBeVisible();
	const card = lena.getByRole('article').filter({ has: lena.getByRole('link', { name: title }) });
	await expect(card).toContainText('Beginn: 18:00 Uhr');
	await expect(card).toContainText('Jetzt ist dran:');
	await expect(card).toContainText(ITEM);
	await expectHelpAndContact(lena);
	await expectEasyPage(lena, javaScript);
	await card.getByRole('link', { name: 'Zur Sitzung' }).click();

	await expect(lena.getByRole('heading', { level: 1 })).toHaveText(title);
	// What is on now is said in words, not only by colour; an item without an easy version says so.
	const now = lena.getByRole('region', { name: 'Jetzt' });
	await expect(now).toContainText('Punkt 1: Gespräch');
	await expect(now).toContainText(ITEM);
	const current = lena.locator('[aria-current="step"]');
	await expect(current).toContainText('Jetzt dran');
	await expect(current).toContainText('Diesen Text gibt es noch nicht in Leichter Sprache.');
	await expect(current.getByRole('img')).toHaveCount(0); // the pictogram is decoration; its label is the text next to it
	await expect(lena.getByText('Melden Sie sich zuerst im Saal an.')).toBeVisible();
	await expectEasyPage(lena, javaScript);

	// A wrong code is explained in easy words and kept in the field.
	await lena.getByLabel('Code').fill('ZZZ-ZZZ');
	await lena.getByRole('button', { name: 'Ich bin da' }).click();
	await expect(lena.getByRole('alert')).toContainText('Der Code ist falsch.');
	await expect(lena.getByLabel('Code')).toHaveValue('ZZZ-ZZZ');
	await lena.getByLabel('Code').fill(session.code.toLowerCase());
	await lena.getByRole('button', { name: 'Ich bin da' }).click();
	await expect(lena.getByRole('status').filter({ hasText: 'Sie sind angemeldet.' })).toBeVisible();

	await lena.getByRole('button', { name: 'Ich möchte etwas sagen' }).click();
	const place = lena.getByRole('status').filter({ hasText: 'Sie sind auf der Rede-liste.' });
	await expect(place).toContainText('Platz 1.');
	await expectEasyPage(lena, javaScript);
	// Reloading the page after the answer asks nothing again (post, redirect, get).
	await lena.getByRole('link', { name: 'Neu laden' }).click();
	await expect(place).toContainText('Platz 1.');
	await lena.getByRole('button', { name: 'Meine Meldung zurück-nehmen' }).click();
	await expect(lena.getByRole('button', { name: 'Ich möchte etwas sagen' })).toBeVisible();

	if (javaScript) {
		// With JavaScript the "now" part follows by itself (every 20 s), and says so politely.
		await session.office.getByRole('button', { name: 'Aktuellen Punkt beenden' }).click();
		await expect(now).toContainText('Gerade ist kein Punkt dran.', { timeout: 30_000 });
		await expect(lena.locator('#easy-live-status')).toHaveText('Es gibt etwas Neues auf der Seite.');
	}

	// Read aloud only where a script can speak; the page itself never needs the script.
	await expect(lena.getByRole('button', { name: 'Vorlesen' })).toHaveCount(javaScript ? 1 : 0);
	expect(
		scripts.filter((path) => !path.startsWith('/easy/')),
		'no framework script on the easy pages'
	).toEqual([]);

	// My dates, a meeting of my group, and help: the same frame on each.
	await lena.getByRole('navigation', { name: 'Bereiche' }).getByRole('link', { name: 'Meine Termine' }).click();
	await expect(lena.getByRole('heading', { level: 1 })).toHaveText('Meine Termine');
	await expect(lena.getByRole('link', { name: title })).toBeVisible();
	await expectHelpAndContact(lena);
	await expectEasyPage(lena, javaScript);
	await lena.getByRole('link', { name: 'AG Zugang für alle: Empfehlung abstimmen' }).click();
	await expect(lena.getByText('Arbeits-gruppe: AG Zugang für alle')).toBeVisible();
	await expect(lena.getByRole('listitem').filter({ hasText: 'Wer stellt die Empfehlung im Plenum vor?' })).toBeVisible();
	await expect(lena.getByText(/^Datum: \d{1,2}\. [A-ZÄÖÜ][a-zäöü]+ \d{4}$/)).toBeVisible();
	await expect(lena.getByText('Beginn: 14:00 Uhr')).toBeVisible();
	await expectHelpAndContact(lena);
	await expectEasyPage(lena, javaScript);
	// What her group decided last time, in easy language: the summary of the approved minutes.
	await lena.goBack();
	await expect(lena.getByRole('heading', { name: 'Das war' })).toBeVisible();
	await lena.getByRole('link', { name: 'AG Zugang für alle: Bestandsaufnahme' }).click();
	const summary = lena.getByRole('region', { name: 'Das hat die Gruppe besprochen' });
	await expect(summary).toContainText('Nur 3 von 10 Praxen sind ohne Stufen.');
	await expect(summary).toContainText('Die Prüf-gruppe hat diesen Text geprüft.');
	await expectEasyPage(lena, javaScript);
	await lena.getByRole('banner').getByRole('link', { name: 'Hilfe' }).click();
	await expect(lena.getByRole('heading', { name: 'Wie kann ich etwas sagen?' })).toBeVisible();
	await expectEasyPage(lena, javaScript);

	// The standard view is one link away, and back again from its header.
	await lena.getByRole('link', { name: 'Zur Standard-Ansicht' }).click();
	await expect(lena).toHaveURL(/\/start/);
	await openMainNavigation(lena, 'Leichte Sprache');
	await expect(lena).toHaveURL(/\/einfach$/);
	await lena.getByRole('button', { name: 'Abmelden' }).click();
	await expect(lena).toHaveURL(/\/\?signed-out/);
}

test('the self-advocate follows the plenary in easy language without JavaScript', async ({ browser }) => {
	await journey(browser, false);
});

test('the self-advocate follows the plenary in easy language with JavaScript', async ({ browser }) => {
	await journey(browser, true);
});

/** Moves the focus with Tab only until it reaches the target; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 80) {
	const handle = await target.elementHandle();
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((el) => document.activeElement === el, handle)) return;
	}
	throw new Error(`Tab never reached ${target}`);
}

test('the same journey by keyboard alone', async ({ browser }) => {
	const title = 'Plenum in Leichter Sprache (Tastatur)';
	const session = await sessionForToday(browser, title);
	const lena = await newPage(browser);
	await lena.goto(demo('Selbstvertreterin').link);
	await tabTo(lena, lena.getByRole('button', { name: 'Weiter zu meiner Seite' }));
	await lena.keyboard.press('Enter');
	await expect(lena).toHaveURL(/\/einfach$/);
	const card = lena.getByRole('article').filter({ has: lena.getByRole('link', { name: title }) });
	await tabTo(lena, card.getByRole('link', { name: 'Zur Sitzung' }));
	await lena.keyboard.press('Enter');
	await expect(lena.getByRole('heading', { level: 1 })).toHaveText(title);
	await tabTo(lena, lena.getByLabel('Code'));
	await lena.keyboard.type(session.code);
	await lena.keyboard.press('Enter');
	await expect(lena.getByRole('status').filter({ hasText: 'Sie sind angemeldet.' })).toBeVisible();
	await tabTo(lena, lena.getByRole('button', { name: 'Ich möchte etwas sagen' }));
	await lena.keyboard.press('Enter');
	await expect(lena.getByRole('status').filter({ hasText: 'Sie sind auf der Rede-liste.' })).toContainText('Platz 1.');
	await tabTo(lena, lena.getByRole('button', { name: 'Meine Meldung zurück-nehmen' }));
	await lena.keyboard.press('Enter');
	await expect(lena.getByRole('button', { name: 'Ich möchte etwas sagen' })).toBeVisible();
	await tabTo(lena, lena.getByRole('button', { name: 'Abmelden' }));
	await lena.keyboard.press('Enter');
	await expect(lena).toHaveURL(/\/\?signed-out/);
});

test('others keep landing on the standard start page; signed-out visitors are asked to sign in', async ({ browser }) => {
	const jens = await newPage(browser);
	await signInWithLink(jens, demo('Stimmberechtigtes Mitglied').link);
	await expect(jens).toHaveURL(/\/start/);
	const anonymous = await newPage(browser);
	await anonymous.goto('/einfach/termine');
	await expect(anonymous).toHaveURL(/\/sign-in\?next=%2Feinfach%2Ftermine/);
});
