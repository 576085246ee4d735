import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink } from './helpers';

const GROUP = 'AG Zugang für alle';
const MEETING = `${GROUP}: Empfehlung abstimmen`;

async function openMeeting(page: Page, link: string, meeting = MEETING, group = GROUP) {
	await openLink(page, link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await openConferenceSection(page, 'Arbeitsgruppen');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Arbeitsgruppen');
	await page.getByRole('link', { name: group }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(group);
	await page.getByRole('link', { name: meeting }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(meeting);
}

async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
	const context = await browser.newContext(options);
	return context.newPage();
}

/** The paragraph under a section heading of the minutes. */
const paragraphUnder = (editor: Locator, heading: string) => editor.locator(`h3:has-text("${heading}") + p`);

/** Its text as written, without the name labels of other people's carets in it. */
function writtenText(paragraph: Locator) {
	return expect.poll(() =>
		paragraph.evaluate((el) => {
			const copy = el.cloneNode(true) as HTMLElement;
			copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
			return copy.textContent;
		})
	);
}

test('two members write the minutes together live; versions are compared and restored; approval locks them', async ({ browser }) => {
	const coordinator = await newPage(browser);
	const member = await newPage(browser);
	await openMeeting(coordinator, demo('Beratendes Mitglied').link);
	await openMeeting(member, demo('Selbstvertreterin').link);

	// The editor is labelled, and starts with a section per agenda point.
	const editorA = coordinator.getByRole('textbox', { name: 'Protokolltext' });
	const editorB = member.getByRole('textbox', { name: 'Protokolltext' });
	await expect(editorA.getByRole('heading', { level: 3 })).toHaveText([
		'1. Protokoll der letzten Sitzung',
		'2. Empfehlung: letzte Änderungen und Einigung in der AG',
		'3. Wer stellt die Empfehlung im Plenum vor?'
	]);
	await expect(coordinator.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();

	// Each sees the other's text, and who is there, with a named caret.
	await paragraphUnder(editorA, '2. Empfehlung').click();
	await coordinator.keyboard.type('Die AG einigt sich auf den Text.');
	await writtenText(paragraphUnder(editorB, '2. Empfehlung')).toBe('Die AG einigt sich auf den Text.');
	await paragraphUnder(editorB, '3. Wer stellt').click();
	await member.keyboard.type('Frau Maurer stellt sie vor.');
	await writtenText(paragraphUnder(editorA, '3. Wer stellt')).toBe('Frau Maurer stellt sie vor.');
	await expect(coordinator.getByText('Gerade dabei: Lena Maurer')).toBeVisible();
	await expect(member.getByText('Gerade dabei: Elena Popescu')).toBeVisible();
	await expect(coordinator.locator('.collaboration-carets__label', { hasText: 'Lena Maurer' })).toBeVisible();

	// The toolbar by keyboard: Alt+F10 reaches it, arrows move, Enter applies, Escape goes back.
	await paragraphUnder(editorA, '2. Empfehlung').click();
	await coordinator.keyboard.press('End');
	await coordinator.keyboard.press('Alt+F10');
	const toolbar = coordinator.getByRole('toolbar', { name: 'Formatierung' });
	await expect(toolbar.getByRole('button', { name: 'Überschrift', exact: true })).toBeFocused();
	await coordinator.keyboard.press('ArrowRight');
	await coordinator.keyboard.press('ArrowRight');
	await expect(toolbar.getByRole('button', { name: 'Fett' })).toBeFocused();
	await coordinator.keyboard.press('Enter');
	await expect(toolbar.getByRole('button', { name: 'Fett' })).toHaveAttribute('aria-pressed', 'true');
	// Tiptap hands focus back to the text in the next animation frame; a person types once the caret is back.
	await expect(editorA).toBeFocused();
	await coordinator.keyboard.type(' Einstimmig.');
	await expect(editorB.locator('strong')).toHaveText(' Einstimmig.');
	await coordinator.keyboard.press('Alt+F10');
	await coordinator.keyboard.press('Escape');
	await expect(editorA).toBeFocused();

	// Decisions and action items are entries of their own, seen by both.
	const decisions = coordinator.getByRole('form', { name: 'Beschluss eintragen' });
	await decisions.getByRole('button', { name: 'Beschluss eintragen' }).click();
	await expect(decisions.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible();
	await decisions.getByLabel('Beschluss').fill('Die Empfehlung geht an das Plenum.');
	await decisions.getByLabel('Tagesordnungspunkt').selectOption({ index: 2 });
	await decisions.getByRole('button', { name: 'Beschluss eintragen' }).click();
	const actions = member.getByRole('form', { name: 'Aufgabe eintragen' });
	await actions.getByLabel('Was ist zu tun?').fill('Folien in Leichter Sprache vorbereiten');
	await actions.getByLabel('Wer').fill('Lena Maurer');
	await actions.getByLabel('Bis wann').fill('2027-01-15');
	await actions.getByRole('button', { name: 'Aufgabe eintragen' }).click();
	await expect(member.getByRole('region', { name: 'Beschlüsse' }).getByRole('listitem')).toContainText(['Die Empfehlung geht an das Plenum.']);
	await expect(coordinator.getByRole('region', { name: 'Aufgaben' }).getByRole('listitem')).toContainText(['Folien in Leichter Sprache vorbereiten']);
	await expect(coordinator.getByRole('region', { name: 'Aufgaben' })).toContainText('Bis wann: 15. Januar 2027');
	await expect(coordinator.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();
	await expectAccessible(coordinator);

	// A version on demand; then a change that should not have been made, and back.
	await coordinator.getByRole('button', { name: 'Fassung speichern' }).click();
	await expect(coordinator.getByRole('status').filter({ hasText: 'Die Fassung ist gespeichert.' })).toBeVisible();
	await paragraphUnder(member.getByRole('textbox', { name: 'Protokolltext' }), '3. Wer stellt').click();
	await member.keyboard.press('End');
	await member.keyboard.type(' Versehentlich getippt.');
	await expect(member.getByRole('status').filter({ hasText: 'Alle Änderungen sind gespeichert' })).toBeVisible();

	await coordinator.getByRole('link', { name: 'Alle Fassungen ansehen, vergleichen und wiederherstellen' }).click();
	await expectAccessible(coordinator);
	await coordinator.getByRole('link', { name: 'Fassung 1' }).click();
	await expect(coordinator.getByRole('heading', { level: 2, name: 'Unterschiede zu dem aktuellen Stand' })).toBeVisible();
	await expect(coordinator.locator('.diff ins')).toContainText(['Frau Maurer stellt sie vor. Versehentlich getippt.']);
	await expect(coordinator.locator('.diff del')).toContainText(['Frau Maurer stellt sie vor.']);
	await expectAccessible(coordinator);
	await coordinator.getByRole('button', { name: 'Diese Fassung wiederherstellen' }).click();
	await expect(coordinator.getByRole('status').filter({ hasText: 'Fassung 1 ist wiederhergestellt.' })).toBeVisible();
	// The member, still on the page, sees the restored text arrive.
	await writtenText(paragraphUnder(editorB, '3. Wer stellt')).toBe('Frau Maurer stellt sie vor.');

	// Sent round, then approved by the coordination: locked for everyone, at once.
	await coordinator.getByRole('button', { name: 'Zur Durchsicht verschicken' }).click();
	await expect(coordinator.getByText('Stand: Zur Durchsicht verschickt')).toBeVisible();
	await expect(member.getByText('Stand: Zur Durchsicht verschickt')).toBeVisible();
	// Approval locks them for good: not without confirming they were checked.
	await coordinator.getByRole('button', { name: 'Protokoll genehmigen und sperren' }).click();
	await expect(coordinator.getByText('Bitte bestätigen Sie, dass Sie das Protokoll geprüft haben.')).toBeVisible();
	await expect(coordinator.getByText('Stand: Zur Durchsicht verschickt')).toBeVisible();
	await coordinator.getByLabel('Ich habe das Protokoll geprüft.', { exact: false }).check();
	await coordinator.getByRole('button', { name: 'Protokoll genehmigen und sperren' }).click();
	await expect(coordinator.getByText('Stand: Genehmigt und gesperrt')).toBeVisible();
	await expect(member.getByText('Stand: Genehmigt und gesperrt')).toBeVisible();
	await expect(member.getByRole('textbox', { name: 'Protokolltext' })).toHaveCount(0);
	await expect(member.getByRole('region', { name: 'Protokolltext' })).toContainText('Frau Maurer stellt sie vor.');
	await expect(member.getByRole('button', { name: 'Fassung speichern' })).toHaveCount(0);
	await expectAccessible(member);

	// A conference member outside the group now reads them, without JavaScript.
	const reader = await newPage(browser, { javaScriptEnabled: false });
	await openMeeting(reader, demo('Stimmberechtigtes Mitglied').link);
	await expect(reader.getByRole('region', { name: 'Protokolltext' })).toContainText('Die AG einigt sich auf den Text. Einstimmig.');
	await expect(reader.getByRole('region', { name: 'Protokolltext' })).toContainText('Folien in Leichter Sprache vorbereiten');
	await expectAccessibleWithoutScripts(reader);

	for (const page of [coordinator, member, reader]) await page.context().close();
});

test('minutes that are not approved stay within the group; its members read them without JavaScript', async ({ browser }) => {
	const group = 'AG Psychische Gesundheit';
	const meeting = `${group}: Bestandsaufnahme`;
	const outsider = await newPage(browser);
	await openMeeting(outsider, demo('Stimmberechtigtes Mitglied').link, meeting, group);
	await expect(outsider.getByText('Stand: Zur Durchsicht verschickt')).toBeVisible();
	await expect(outsider.getByText('Das Protokoll ist noch nicht genehmigt.', { exact: false })).toBeVisible();
	await expect(outsider.getByText('Auf einen Termin bei einer Psychotherapeutin')).toHaveCount(0);
	await expect(outsider.getByRole('link', { name: 'Alle Fassungen ansehen, vergleichen und wiederherstellen' })).toHaveCount(0);

	const minuteTaker = await newPage(browser, { javaScriptEnabled: false });
	await openMeeting(minuteTaker, demo('Selbstvertreter, Protokoll').link, meeting, group);
	const text = minuteTaker.getByRole('region', { name: 'Protokolltext' });
	await expect(text.getByRole('heading', { level: 3 }).first()).toHaveText('1. Begrüßung und Protokoll der letzten Sitzung');
	await expect(text).toContainText('Auf einen Termin bei einer Psychotherapeutin warten Erwachsene 5 Monate');
	await expect(minuteTaker.getByRole('region', { name: 'Beschlüsse' })).toContainText('Der Entwurf nennt Genesungsbegleitung als eigenen Punkt.');
	// Said in <noscript> (which Chromium parses as text even with scripts disabled by Playwright).
	expect(await minuteTaker.content()).toMatch(/<noscript>.*Zum gemeinsamen Schreiben braucht diese Seite JavaScript\./);
	await expectAccessibleWithoutScripts(minuteTaker);
	for (const page of [outsider, minuteTaker]) await page.context().close();
});
