import type { Browser, Locator, Page } from '@playwright/test';
import { browserOn, expect, openLink, test, type ClusterWorld, type PinnedBrowser } from './fixture';

// One meeting's minutes, written by its group's coordinator (Elena Popescu) and a member (Lena
// Maurer), each in a browser whose every request and WebSocket reaches one instance of its own.
// The tests run in this order in one cluster: the last one takes Lena's role away.
const GROUP = 'AG Zugang für alle';
const MEETING = `${GROUP}: Empfehlung abstimmen`;
const COORDINATOR = 'Beratendes Mitglied';
const MEMBER = 'Selbstvertreterin';
const SAVED = 'Alle Änderungen sind gespeichert';

const opened: PinnedBrowser[] = [];
test.afterEach(async () => {
	await Promise.all(opened.splice(0).map((b) => b.context.close()));
});

async function openMinutes(browser: Browser, world: ClusterWorld, instance: number, rolePrefix: string) {
	const pinned = await browserOn(browser, world, instance);
	opened.push(pinned);
	const { page } = pinned;
	await openLink(page, world.demo(rolePrefix).link);
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	const nav = page.getByRole('navigation', { name: 'Bereiche der Konferenz' });
	await nav.waitFor();
	if (!(await nav.getByRole('link', { name: 'Arbeitsgruppen' }).first().isVisible())) await nav.locator('summary').click();
	await nav.getByRole('link', { name: 'Arbeitsgruppen' }).first().click();
	await page.getByRole('link', { name: GROUP }).click();
	await page.getByRole('link', { name: MEETING }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(MEETING);
	await expect(status(page)).toHaveText(new RegExp(SAVED));
	return { ...pinned, editor: page.getByRole('textbox', { name: 'Protokolltext' }) };
}

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Verbunden|Verbindung|gespeichert|mitschreiben/ });

/** The paragraph under a section heading of the minutes. */
const paragraphUnder = (editor: Locator, heading: string) => editor.locator(`h3:has-text("${heading}") + p`);

/** A paragraph's text as written, without the name labels of other people's carets in it. */
const written = (paragraph: Locator) =>
	paragraph.evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.collaboration-carets__caret').forEach((caret) => caret.remove());
		return copy.textContent ?? '';
	});

test('two people on different instances write the same minutes and see each other’s text and presence', async ({ browser, world }) => {
	const elena = await openMinutes(browser, world, 0, COORDINATOR);
	const lena = await openMinutes(browser, world, 1, MEMBER);

	await expect(elena.page.getByText('Gerade dabei: Lena Maurer')).toBeVisible();
	await expect(lena.page.getByText('Gerade dabei: Elena Popescu')).toBeVisible();

	await paragraphUnder(elena.editor, '2. Empfehlung').click();
	await elena.page.keyboard.type('Die AG einigt sich auf den Text.');
	await expect.poll(() => written(paragraphUnder(lena.editor, '2. Empfehlung'))).toBe('Die AG einigt sich auf den Text.');
	await paragraphUnder(lena.editor, '3. Wer stellt').click();
	await lena.page.keyboard.type('Frau Maurer stellt sie vor.');
	await expect.poll(() => written(paragraphUnder(elena.editor, '3. Wer stellt'))).toBe('Frau Maurer stellt sie vor.');
	for (const { page } of [elena, lena]) await expect(status(page)).toHaveText(new RegExp(SAVED));

	// Reloaded on the other instance, the text is there: from the one database both write to.
	await lena.page.reload();
	await expect.poll(() => written(paragraphUnder(lena.editor, '2. Empfehlung'))).toBe('Die AG einigt sich auf den Text.');
});

test('kill -9 of one instance while its client writes: the client reconnects through nginx to the other, nothing acknowledged is lost', async ({
	browser,
	world
}) => {
	const victim = world.cluster.instances[1];
	const elena = await openMinutes(browser, world, 0, COORDINATOR);
	const lena = await openMinutes(browser, world, 1, MEMBER);
	const lenaParagraph = paragraphUnder(lena.editor, '1. Protokoll');
	const seenByElena = paragraphUnder(elena.editor, '1. Protokoll');
	const before = await written(lenaParagraph);
	try {
		await lenaParagraph.click();
		await lena.page.keyboard.press('End');
		const first = ' Erster Satz.';
		await lena.page.keyboard.type(first);
		await expect.poll(() => written(seenByElena)).toBe(before + first);

		// She goes on typing; her instance dies under her, mid-sentence.
		const second = ' Zweiter Satz, während der Server ausfällt.';
		const typing = lena.page.keyboard.type(second, { delay: 40 });
		await expect.poll(() => written(seenByElena)).toContain(`${first} Zweiter`);
		await victim.kill('SIGKILL');
		// Acknowledged: what was on another person's screen when the instance died.
		const acknowledged = await written(seenByElena);
		// From now on her browser reaches the balancer, as a real one always does.
		lena.unpin();
		await typing;

		// She sees her text saved again (the server answered the sync), and so does Elena's screen.
		await expect(status(lena.page)).toHaveText(new RegExp(SAVED), { timeout: 30_000 });
		await expect.poll(() => written(seenByElena), { timeout: 30_000 }).toBe(before + first + second);
		expect((before + first + second).startsWith(acknowledged)).toBe(true);

		// What the surviving instance serves from the database, before any script runs.
		await elena.page.reload();
		await expect.poll(() => written(paragraphUnder(elena.editor, '1. Protokoll'))).toBe(before + first + second);
	} finally {
		// The next tests need both instances again.
		if (victim.pid === null || !(await alive(victim.pid))) await victim.start();
	}
});

async function alive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

test('a role removed on one instance closes the editor of the person connected to the other', async ({ browser, world }) => {
	const elena = await openMinutes(browser, world, 0, COORDINATOR);
	const lena = await openMinutes(browser, world, 1, MEMBER);
	await expect(elena.page.getByText('Gerade dabei: Lena Maurer')).toBeVisible();

	// The coordinator takes Lena's membership of the group away, on instance 0 (her own browser's).
	const group = await browserOn(browser, world, 0);
	opened.push(group);
	await openLink(group.page, world.demo(COORDINATOR).link);
	await group.page.getByRole('link', { name: GROUP }).first().click();
	await group.page.getByRole('button', { name: 'Mitglied: Lena Maurer entfernen' }).click();
	await expect(group.page.getByRole('status').filter({ hasText: /^Gespeichert\.$/ })).toBeVisible();

	// Lena may no longer read these minutes: her connection on instance 1 is closed, her editor
	// says why and takes no more typing, and her presence leaves Elena's screen.
	await expect(status(lena.page)).toHaveText('Sie können hier nicht mehr mitschreiben (abgemeldet oder Rechte geändert). Bitte laden Sie die Seite neu.');
	await expect(lena.editor).toHaveAttribute('contenteditable', 'false');
	await expect(elena.page.getByText('Gerade dabei: Lena Maurer')).toHaveCount(0);
});
