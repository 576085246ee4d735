import type { Page } from '@playwright/test';
import { expect, test } from './test';
import Database from 'better-sqlite3';
import { E2E } from './env';
import { demo, expectAccessible, expectAccessibleWithoutScripts, signInWithLink } from './helpers';

// Issue 18: a self-advocate answers an invitation on a 360 px phone without JavaScript — "yes",
// with a companion and easy-language documents — and the office sees her in the logistics view.

const PHONE = { width: 360, height: 780 };
test.use({ javaScriptEnabled: false, viewport: PHONE });

const TITLE = 'Sitzung zur Teilhabe (RSVP-Test)';
const CAMPAIGN = 'e2ersvpcampaign01';

/** A sent round for Lena Maurer and two others, written as part B's commands leave it. */
function insertRound(): { conferenceId: string } {
	const db = new Database(E2E.databaseFile);
	try {
		const { id: conferenceId } = db.prepare(`SELECT id FROM conferences WHERE name = 'Gesundheitskonferenz Landkreis Musterstadt'`).get() as { id: string };
		const person = (name: string) => (db.prepare(`SELECT id FROM people WHERE display_name = ?`).get(name) as { id: string }).id;
		const now = Date.now();
		db.prepare(
			`INSERT OR IGNORE INTO plenary_sessions (id, conference_id, title, starts_at, place, check_in_code, created_at) VALUES ('e2ersvpsession01', ?, ?, ?, 'Kreishaus, Großer Saal', 'RSVPE2E1', ?)`
		).run(conferenceId, TITLE, now + 20 * 86_400_000, now);
		db.prepare(
			`INSERT OR IGNORE INTO invitation_campaigns (id, conference_id, target, session_id, channel, subject, letter_standard, capacity, answer_until, created_at, sent_at)
			VALUES (?, ?, 'plenary', 'e2ersvpsession01', 'mail', 'Einladung', 'Sehr geehrte Damen und Herren', 20, ?, ?, ?)`
		).run(CAMPAIGN, conferenceId, now + 10 * 86_400_000, now, now);
		const invite = db.prepare(`INSERT OR IGNORE INTO invitations (id, campaign_id, conference_id, person_id, created_at) VALUES (?, ?, ?, ?, ?)`);
		['Lena Maurer', 'Petra Lange', 'Markus Schneider'].forEach((name, i) => invite.run(`e2ersvpinvite0${i}`, CAMPAIGN, conferenceId, person(name), now));
		return { conferenceId };
	} finally {
		db.close();
	}
}

async function expectReflowAt360(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `reflow on ${page.url()}`).toBeLessThanOrEqual(PHONE.width);
}

/** The answer's choices, the send button and the language switch: at least 44 px high (WCAG 2.5.8, our aim). */
async function expectLargeTargets(page: Page) {
	const small = await page.locator('main label.choice, main button, main .switch a, main .need').evaluateAll((elements) =>
		elements
			.map((e) => ({ text: (e.textContent ?? '').trim().slice(0, 40), box: e.getBoundingClientRect() }))
			.filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
			.map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`)
	);
	expect(small, `small targets on ${page.url()}`).toEqual([]);
}

test('a self-advocate says yes with a companion and easy-language documents on a phone without JavaScript; the office sees it', async ({ page, browser }) => {
	const { conferenceId } = insertRound();

	await signInWithLink(page, demo('Selbstvertreterin').link);
	await page.goto('/einfach/termine');
	const invitation = page.getByRole('listitem').filter({ hasText: TITLE });
	await expect(invitation).toContainText('Bitte antworten Sie.');
	await invitation.getByRole('link', { name: 'Antworten' }).click();

	await expect(page).toHaveURL(/\/antwort\/[^/?]+\?sprache=einfach$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Einladung');
	await expect(page.locator('main')).toContainText(TITLE);
	await expectReflowAt360(page);
	await expectLargeTargets(page);
	await expectAccessibleWithoutScripts(page);

	await page.getByRole('radio', { name: 'Ja, ich komme.' }).check();
	await page.getByRole('checkbox', { name: /^Begleit-Person/ }).check();
	await page.getByRole('checkbox', { name: /^Leichte Sprache/ }).check();
	await page.getByRole('button', { name: 'Antwort schicken' }).click();

	await expect(page.getByText('Danke! Wir haben Ihre Antwort.')).toBeVisible();
	await expect(page.getByText('Sie kommen. Sie haben einen Platz.')).toBeVisible();
	await expect(page.getByRole('radio', { name: 'Ja, ich komme.' })).toBeChecked();
	await expect(page.getByRole('checkbox', { name: /^Begleit-Person/ })).toBeChecked();
	await expectReflowAt360(page);
	await expectAccessibleWithoutScripts(page);

	// The same page in everyday language, through the switch.
	await page.getByRole('link', { name: 'Alltagssprache' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ihre Antwort auf die Einladung');
	await expect(page.getByRole('checkbox', { name: /^Leichte-Sprache-Unterlagen/ })).toBeChecked();

	const office = await (await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } })).newPage();
	await signInWithLink(office, demo('Geschäftsstelle').link);
	await office.goto(`/conferences/${conferenceId}/invitations/${CAMPAIGN}/logistics`);
	await expect(office.getByRole('heading', { level: 1 })).toContainText(TITLE);
	const lena = office.getByRole('row').filter({ hasText: 'Lena Maurer' });
	await expect(lena).toContainText('Zusage');
	await expect(lena).toContainText('Begleitperson');
	await expect(lena).toContainText('Leichte-Sprache-Unterlagen');
	await expect(office.getByRole('row', { name: /^Begleitpersonen/ })).toContainText('1');
	await expectAccessible(office);

	const csv = await office.request.get(`/conferences/${conferenceId}/invitations/${CAMPAIGN}/logistics.csv`);
	expect(csv.status()).toBe(200);
	expect(await csv.text()).toMatch(/Lena Maurer;Zusage;Platz;;[^;]+;;;;ja;ja/);
	await office.context().close();
});
