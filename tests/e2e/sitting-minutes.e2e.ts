import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQuotedPrintable, demo, expectAccessible, openConferenceSection, openLink } from './helpers';
import { E2E } from './env';

const SITTING = 'Plenum: Gesundheitliche Versorgung im ländlichen Raum';

async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }) {
	const context = await browser.newContext({ viewport });
	return context.newPage();
}

/** Opens the last sitting (it has resolutions) from the conference's plenary list, then its minutes. */
async function openSittingMinutes(page: Page, link: string) {
	await openLink(page, link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Plenum');
	await page.getByRole('link', { name: SITTING }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SITTING);
	// The session console links here (another part of issue 15); the address is the minutes'.
	await page.goto(`${new URL(page.url()).pathname}/minutes`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Protokoll: ${SITTING}`);
}

/** The mail to `address` that mentions `text` (other tests may mail the same person about other things). */
async function mailAbout(address: string, text: string, timeoutMs = 30_000): Promise<string> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		const files = existsSync(E2E.mailDir) ? readdirSync(E2E.mailDir).filter((f) => f.includes(address)) : [];
		const found = files.map((f) => decodeQuotedPrintable(readFileSync(join(E2E.mailDir, f), 'utf8'))).find((mail) => mail.includes(text));
		if (found) return found;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`no mail to ${address} about ${text} within ${timeoutMs} ms`);
}

async function shoot(page: Page, name: string) {
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('the office names a minute-taker, who writes the minutes of the sitting and sends them round; members are mailed', async ({ browser }) => {
	// The office: names Jens Hoffmann (a voting member) to take the minutes.
	const office = await newPage(browser);
	await openSittingMinutes(office, demo('Geschäftsstelle').link);
	await expect(office.getByText('Noch niemand benannt').first()).toBeVisible();
	// The resolutions of the sitting are there before anyone writes a word.
	await expect(office.getByRole('heading', { name: 'Beschlüsse der Sitzung' })).toBeVisible();
	await expect(office.getByRole('heading', { name: 'Beschluss Nr. 1' })).toBeVisible();
	await expectAccessible(office);
	await office.getByRole('combobox', { name: 'Protokollführung' }).selectOption({ label: 'Jens Hoffmann' });
	await office.getByRole('button', { name: 'Protokollführung speichern' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'Die Protokollführung ist gespeichert.' })).toBeVisible();
	await expect(office.locator('dl.facts')).toContainText('Jens Hoffmann');

	// A member cannot read the draft.
	const member = await newPage(browser);
	await openLink(member, demo('Beratendes Mitglied').link);
	const minutesPath = new URL(office.url()).pathname;
	const refused = await member.goto(minutesPath);
	expect(refused?.status()).toBe(403);

	// The minute-taker writes into the section of an agenda item, live.
	const taker = await newPage(browser);
	await openSittingMinutes(taker, demo('Stimmberechtigtes Mitglied').link);
	const editor = taker.getByRole('textbox', { name: 'Protokolltext' });
	await expect(editor.getByRole('heading', { level: 3 }).first()).toHaveText(/^1\. /);
	await editor.locator('h3 + p').first().click();
	await taker.keyboard.type('Die Landrätin eröffnet die Sitzung und begrüßt alle.');
	await expect(taker.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	await expectAccessible(taker);
	await shoot(taker, 'draft');

	// … and sends them round, with a deadline for corrections.
	await taker.getByLabel('Korrekturen bis (freiwillig)').fill('2030-01-15');
	await taker.getByRole('button', { name: 'Zur Durchsicht verschicken' }).click();
	await expect(taker.getByRole('status').filter({ hasText: 'Das Protokoll ist zur Durchsicht verschickt.' })).toBeVisible();
	await expect(taker.locator('dl.facts')).toContainText('Zur Durchsicht');
	await expect(taker.locator('dl.facts')).toContainText('15. Januar 2030');
	await expectAccessible(taker);
	await shoot(taker, 'circulated');

	// The moderator, a member with an address, gets the mail with the link and the deadline.
	const mail = await mailAbout('moderation@musterstadt.example', minutesPath);
	expect(mail).toContain('Korrekturen bitte bis zum 15. Januar 2030.');

	// Now the members read them, with the text as written.
	await member.goto(minutesPath);
	await expect(member.getByRole('heading', { level: 1 })).toHaveText(`Protokoll: ${SITTING}`);
	await expect(member.getByText('Die Landrätin eröffnet die Sitzung und begrüßt alle.')).toBeVisible();
	await expectAccessible(member);
});
