import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink, signInWithLink } from './helpers';

// Issue 15: a self-advocate with a vote votes in Leichte Sprache, on a phone, without JavaScript;
// the office opens the vote in a room without a quorum only after confirming it.

const PHONE = { width: 360, height: 740 };
const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
const ITEM = 'Empfehlung: Beratung in Leichter Sprache';
const MOTION = 'Die Konferenz empfiehlt, alle Bescheide auch in Leichter Sprache zu schicken.';

async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) {
	const context = await browser.newContext({ viewport: PHONE, ...options });
	return context;
}

function todayAt(time: string): string {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
	return `${day}T${time}`;
}

/** A sitting of today with one decision item, created by the office (its own, so no other test's votes interfere). */
async function sittingWithDecision(browser: Browser): Promise<{ office: Page; code: string; sessionId: string }> {
	const office = await (await newContext(browser, { viewport: { width: 1280, height: 900 } })).newPage();
	await openLink(office, demo('Geschäftsstelle').link);
	await office.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(office, 'Plenum');
	await office.getByLabel('Titel der Sitzung').fill('Plenum: Abstimmen in Leichter Sprache');
	await office.getByLabel('Beginn').fill(todayAt('18:00'));
	await office.getByLabel('Ort').fill('Landratsamt, Raum 101');
	await office.getByRole('button', { name: 'Sitzung anlegen' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	await office.getByLabel('Titel', { exact: true }).last().fill(ITEM);
	await office.getByLabel('Minuten', { exact: true }).last().fill('20');
	await office.getByRole('combobox', { name: /^Art/ }).last().selectOption({ label: 'Beschluss' });
	await office.getByRole('button', { name: 'Hinzufügen' }).click();
	await expect(office.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	const code = (await office.locator('.code [aria-hidden="true"]').textContent())!.trim();
	return { office, code, sessionId: new URL(office.url()).pathname.split('/').at(-1)! };
}

async function expectReflowAt360(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `reflow on ${page.url()}`).toBeLessThanOrEqual(360);
}

test('a self-advocate votes in easy language without JavaScript: choose, confirm, counted once, the result after the close', async ({ browser }) => {
	const { office, code, sessionId } = await sittingWithDecision(browser);
	const lenaContext = await newContext(browser, { javaScriptEnabled: false });
	const lena = await lenaContext.newPage();
	await signInWithLink(lena, demo('Selbstvertreterin').link);
	await expect(lena).toHaveURL(/\/einfach$/);
	const sitting = `/einfach/sitzung/${sessionId}`;
	await lena.goto(sitting);
	await lena.getByLabel('Code').fill(code);
	await lena.getByRole('button', { name: 'Ich bin da' }).click();
	await expect(lena.getByRole('status').filter({ hasText: 'Sie sind angemeldet.' })).toBeVisible();
	await expect(lena.getByText('Eine Abstimmung läuft.')).toHaveCount(0);

	// The office sees the room against the quorum; one seat of many is not enough, so opening asks twice.
	const poll = office.locator('#poll');
	await office.reload();
	await expect(poll.getByText(/^Beschlussfähigkeit: Nicht beschlussfähig$/)).toBeVisible();
	await expect(poll.getByText(/^1 von \d+ stimmberechtigten Sitzen vertreten, beschlussfähig ab \d+\.$/)).toBeVisible();
	await poll.getByLabel('Tagesordnungspunkt').selectOption({ label: `1. ${ITEM}` });
	await poll.getByLabel('Antrag (Wortlaut)').fill(MOTION);
	await poll.getByLabel('geheim').check();
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(poll.getByText(/Die Sitzung ist gerade nicht beschlussfähig/)).toBeVisible();
	await expect(poll.getByText(`Abstimmung läuft – ${ITEM}`)).toHaveCount(0);
	const confirm = poll.getByLabel('Trotzdem eröffnen: Mir ist bewusst, dass die Sitzung gerade nicht beschlussfähig ist.');
	await expect(confirm).toBeVisible();
	await expectAccessible(office);
	await poll.screenshot({ path: test.info().outputPath('office-confirm-not-quorate-1280.png') });
	await confirm.check();
	await poll.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
	await expect(poll.getByText(`Abstimmung läuft – ${ITEM}`)).toBeVisible();
	await expect(poll.getByRole('heading', { name: 'Im Saal zählen' })).toBeVisible();
	await expectAccessible(office);
	await poll.screenshot({ path: test.info().outputPath('office-open-with-room-count-1280.png') });

	// Lena's page says a vote is running, first thing; the ballot has pictograms with words.
	await lena.getByRole('link', { name: 'Neu laden' }).click();
	await expect(lena.getByText('Eine Abstimmung läuft.')).toBeVisible();
	const ballot = lena.getByRole('region', { name: 'Abstimmen' });
	await expect(ballot).toContainText(MOTION);
	await expect(ballot).toContainText('Die Abstimmung ist geheim.');
	const answers = ballot.getByRole('group', { name: 'Ihre Antwort' });
	for (const [choice, hint] of [
		['Ja', 'Ich bin dafür.'],
		['Nein', 'Ich bin dagegen.'],
		['Enthaltung', 'Ich lasse die anderen entscheiden.']
	])
		await expect(answers.getByRole('radio', { name: `${choice} ${hint}` })).toBeVisible();
	await expectReflowAt360(lena);
	await lena.screenshot({ path: test.info().outputPath('easy-ballot-choose-360.png'), fullPage: true });
	await expectAccessibleWithoutScripts(lena);

	// Choosing nothing is answered in easy words.
	await ballot.getByRole('button', { name: 'Weiter' }).click();
	await expect(lena.getByRole('region', { name: 'Abstimmen' })).toContainText('Bitte wählen Sie eine Antwort.');

	// A second tab gets to the same step: it will try to vote a second time.
	const second = await lenaContext.newPage();
	await second.goto(`${sitting}#abstimmung`);
	await second.getByRole('radio', { name: /^Nein/ }).check();
	await second.getByRole('button', { name: 'Weiter' }).click();
	await expect(second.getByText('Sie haben gewählt: Nein.')).toBeVisible();

	await lena.getByRole('radio', { name: /^Ja/ }).check();
	await lena.getByRole('button', { name: 'Weiter' }).click();
	const check = lena.getByRole('region', { name: 'Abstimmen' });
	await expect(check.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Wahl.' })).toBeVisible();
	await expect(check).toContainText('Sie haben gewählt: Ja.');
	await expect(check).toContainText('Stimmt das?');
	// A secret choice travels in the body of a POST, never in the address.
	expect(lena.url()).not.toMatch(/yes|choice=|Ja/);
	await expectReflowAt360(lena);
	await lena.screenshot({ path: test.info().outputPath('easy-ballot-confirm-360.png'), fullPage: true });
	await expectAccessibleWithoutScripts(lena);

	// "Change" goes back one step with the choice kept; then confirm.
	await check.getByRole('button', { name: 'Ich will etwas anderes wählen' }).click();
	await expect(lena.getByRole('radio', { name: /^Ja/ })).toBeChecked();
	await lena.getByRole('button', { name: 'Weiter' }).click();
	await lena.getByRole('button', { name: 'Das stimmt. Abstimmen.' }).click();
	const counted = lena.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt.' });
	await expect(counted).toBeVisible();
	// Secret: the page does not repeat the choice.
	await expect(lena.getByText('Sie haben gewählt: Ja.')).toHaveCount(0);
	await expect(lena.getByRole('button', { name: 'Weiter' })).toHaveCount(0);
	await expectReflowAt360(lena);
	await lena.screenshot({ path: test.info().outputPath('easy-ballot-counted-360.png'), fullPage: true });
	await expectAccessibleWithoutScripts(lena);

	// The second tab confirms too: refused, in easy words; the first vote stands.
	await second.getByRole('button', { name: 'Das stimmt. Abstimmen.' }).click();
	await expect(second.getByRole('alert')).toContainText('Sie haben schon abgestimmt.');
	await expect(second.getByRole('alert')).toContainText('Ihre erste Stimme zählt.');
	await expect(second.getByRole('status').filter({ hasText: 'Ihre Stimme ist gezählt.' })).toBeVisible();
	await second.screenshot({ path: test.info().outputPath('easy-ballot-second-vote-refused-360.png'), fullPage: true });
	await expectAccessibleWithoutScripts(second);
	await expect(poll.getByText(/^1 von 1 Stimmen abgegeben/)).toBeVisible();

	// The office closes the vote; Lena's page shows the result in easy words with pictograms.
	await office.getByRole('button', { name: 'Abstimmung schließen und Ergebnis feststellen' }).click();
	await expect(poll.getByText('Letztes Ergebnis')).toBeVisible();
	await expect(poll).toContainText(/Bei Eröffnung nicht beschlussfähig: 1 von \d+ Sitzen vertreten; trotzdem eröffnet\./);
	await lena.getByRole('link', { name: 'Neu laden' }).click();
	await expect(lena.getByText('Eine Abstimmung läuft.')).toHaveCount(0);
	const result = lena.getByRole('region', { name: 'Abstimmen' });
	await expect(result).toContainText('Die Abstimmung ist zu Ende.');
	await expect(result.getByRole('heading', { name: 'Das Ergebnis' })).toBeVisible();
	await expect(result).toContainText('Es waren zu wenig Mitglieder im Saal.');
	await expect(result.getByRole('listitem').filter({ hasText: 'Ja: 1 Stimmen' })).toBeVisible();
	await expect(result.getByRole('listitem').filter({ hasText: 'Nein: 0 Stimmen' })).toBeVisible();
	await expectReflowAt360(lena);
	await lena.screenshot({ path: test.info().outputPath('easy-ballot-result-360.png'), fullPage: true });
	await expectAccessibleWithoutScripts(lena);
});
