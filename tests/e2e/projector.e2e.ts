import type { Browser, Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addAgendaItem, type AgendaItemFields } from '../../src/lib/plenary/agenda';
import { announce, setCurrentItem } from '../../src/lib/plenary/live';
import { readPoll } from '../../src/lib/plenary/poll';
import { addSpeaker, nextSpeaker } from '../../src/lib/plenary/speakers';
import { E2E } from './env';
import { addBudget, demo, expectAccessible, openConferenceSection, openLink } from './helpers';

/**
 * The wall of the room in every state it has, at the sizes of the projectors it meets: nothing
 * may need scrolling, and what the room reads from it (the check-in code, the clock, the count
 * and the outcome) must be inside the screen, also with a 200-character title and a long
 * announcement. The sitting is driven the way its screens drive it: the live document as the
 * moderator's browser writes it, and the session page's form actions for check-in and votes.
 */

const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 },
	{ width: 1024, height: 768 }
];

const LONG_TITLE = (
	'Empfehlung der Arbeitsgruppe Zugang für alle: barrierefreie Arztpraxen, Beratungsstellen und Ämter im ganzen Landkreis, ' +
	'mit Gebärdensprache, Leichter Sprache und Begleitung für alle, die sie brauchen, bis 2028'
).slice(0, 200);
const LONG_ANNOUNCEMENT = (
	'Bitte beachten Sie: Nach diesem Punkt machen wir eine Pause von zwanzig Minuten. Kaffee und Wasser gibt es im Foyer. ' +
	'Die Abstimmung zu TOP 3 beginnt direkt danach, bitte seien Sie pünktlich zurück im Saal.'
).slice(0, 200);
const MOTION =
	'Die Gesundheitskonferenz empfiehlt dem Kreistag, bis Ende 2028 alle Arztpraxen, Beratungsstellen und Ämter im Landkreis barrierefrei ' +
	'zugänglich zu machen, Informationen in Leichter Sprache und in Gebärdensprache anzubieten und eine Begleitung für alle zu finanzieren, ' +
	'die sie brauchen. Über den Stand berichtet die Geschäftsstelle jährlich im Plenum.';

async function newPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	return context.newPage();
}

/** Today in the conference's time zone, as a datetime-local field takes it. */
function todayAt(time: string): string {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
	return `${day}T${time}`;
}

/** A form post as the page's own form sends it without JavaScript (same origin, wants HTML), answered without following redirects. */
async function post(page: Page, path: string, form: Record<string, string>) {
	const response = await page.request.post(path, { form, headers: { origin: E2E.origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(response.status(), `${path} ${JSON.stringify(form)}`).toBeLessThan(400);
	return response;
}

/** The live document as a moderator's browser holds it: the stock client with that person's session cookie. */
async function liveDocument(page: Page, sessionId: string) {
	const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	class CookieSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: E2E.origin } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${E2E.port}/collab`, `plenary:${sessionId}`, doc, {
		WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', (synced: boolean) => synced && resolve())));
	return {
		doc,
		close() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** A sitting of its own today, so other tests' sittings keep their state; everyone with a vote present. */
async function newSitting(office: Page) {
	await page_goConference(office);
	const conferencePath = new URL(office.url()).pathname;
	const created = await post(office, `${conferencePath}/plenary?/create`, {
		title: 'Plenum: Gesundheit für alle im Landkreis',
		startsAt: todayAt('18:00'),
		place: 'Landratsamt Musterstadt, Großer Sitzungssaal',
		videoUrl: ''
	});
	const sessionPath = new URL(created.headers().location!, E2E.origin).pathname;
	await office.goto(sessionPath);
	const personIds = await office
		.locator('form[action="?/markPresent"] input[name="personId"]')
		.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
	expect(personIds.length).toBeGreaterThan(10);
	for (const personId of personIds) await post(office, `${sessionPath}?/markPresent`, { personId });
	return { sessionPath, sessionId: sessionPath.split('/').at(-1)! };
}

async function page_goConference(page: Page) {
	await page.getByRole('link', { name: 'Gesundheitskonferenz Landkreis Musterstadt' }).first().click();
	await expect(page).toHaveURL(/\/conferences\/[^/]+$/);
}

/** Asserts that a box lies wholly inside the screen and is what the screen shows there (not covered, not clipped). */
async function expectOnScreen(page: Page, locator: Locator, what: string) {
	const size = page.viewportSize()!;
	await expect(locator, what).toBeVisible();
	const box = (await locator.boundingBox())!;
	expect(box, `${what} has a box`).not.toBeNull();
	expect(box.x, `${what}: left edge at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(0);
	expect(box.y, `${what}: top edge at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width, `${what}: right edge at ${size.width}×${size.height}`).toBeLessThanOrEqual(size.width);
	expect(box.y + box.height, `${what}: bottom edge at ${size.width}×${size.height}`).toBeLessThanOrEqual(size.height);
	// Inside the screen is not enough: a parent that clips it, or a layer over it, hides it too.
	const shown = await locator.evaluate((element) => {
		const rect = element.getBoundingClientRect();
		let parent = element.parentElement;
		while (parent) {
			const style = getComputedStyle(parent);
			if (style.overflow !== 'visible' || style.overflowY !== 'visible') {
				const clip = parent.getBoundingClientRect();
				if (rect.top < clip.top - 1 || rect.bottom > clip.bottom + 1 || rect.left < clip.left - 1 || rect.right > clip.right + 1) return false;
			}
			parent = parent.parentElement;
		}
		const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
		return hit !== null && (element === hit || element.contains(hit) || hit.contains(element));
	});
	expect(shown, `${what}: not clipped or covered at ${size.width}×${size.height}`).toBe(true);
}

/** Each size: the document does not scroll, the parts named are on screen; a screenshot for people to look at. */
async function expectFits(page: Page, testInfo: TestInfo, state: string, parts: Record<string, Locator>) {
	for (const size of SIZES) {
		// A resize, a layout, a screenshot and five boxes: seconds on a busy machine (see addBudget).
		addBudget(20_000);
		await page.setViewportSize(size);
		// The titles are fitted once the layout has settled at the new size.
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
		const scroll = await page.evaluate(() => ({
			height: document.documentElement.scrollHeight,
			width: document.documentElement.scrollWidth,
			innerHeight,
			innerWidth
		}));
		expect(scroll.height, `${state}: the page scrolls at ${size.width}×${size.height}`).toBeLessThanOrEqual(scroll.innerHeight);
		expect(scroll.width, `${state}: the page scrolls sideways at ${size.width}×${size.height}`).toBeLessThanOrEqual(scroll.innerWidth);
		for (const [what, locator] of Object.entries(parts)) await expectOnScreen(page, locator, `${state}: ${what}`);
		await page.screenshot({ path: testInfo.outputPath(`${state}-${size.width}x${size.height}.png`) });
	}
}

test('the wall fits 1920×1080, 1280×720 and 1024×768 in every state, with long titles and announcements', async ({ browser }, testInfo) => {
	test.setTimeout(test.info().timeout + 120_000);
	const office = await newPage(browser);
	await openLink(office, demo('Geschäftsstelle').link);
	const sitting = await newSitting(office);
	const live = await liveDocument(office, sitting.sessionId);
	try {
		const add = (fields: Partial<AgendaItemFields> & { title: string }) =>
			addAgendaItem(live.doc, { description: '', presenter: '', durationMinutes: 20, type: 'discussion', ...fields });
		const welcome = add({ title: 'Begrüßung', presenter: 'Landrat Dr. Thomas Berger', durationMinutes: 10, type: 'information' });
		const long = add({ title: LONG_TITLE, presenter: 'Jens Hoffmann, AG Zugang für alle', type: 'decision' });
		add({ title: 'Bericht der Geschäftsstelle' });
		add({ title: 'Verschiedenes', durationMinutes: 10 });

		const projector = await newPage(browser);
		await openLink(projector, demo('Moderation').link);
		await projector.goto(`/projector/${sitting.sessionId}`);

		// Waiting: the sitting, and how to check in, large. The code is read off the wall, as the room does.
		const code = projector.locator('.code [aria-hidden="true"]');
		const shownCode = (await code.textContent())!.trim();
		expect(shownCode).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
		const qr = projector.getByRole('img', { name: 'QR-Code zur Anmeldung an dieser Sitzung' });
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Plenum: Gesundheit für alle im Landkreis');
		await expect(projector.getByText('Landratsamt Musterstadt, Großer Sitzungssaal')).toBeVisible();
		// The QR code is the check-in link for this code.
		expect(await qr.locator('svg').count()).toBe(1);
		await expect(projector.getByText(`${E2E.origin}/check-in/${shownCode.replace('-', '')}`)).toBeVisible();
		await expectFits(projector, testInfo, '1-waiting', { 'check-in code': code, 'QR code': qr });
		await expectAccessible(projector);

		announce(live.doc, LONG_ANNOUNCEMENT);
		await expect(projector.getByText(LONG_ANNOUNCEMENT)).toBeVisible();
		await expectFits(projector, testInfo, '1-waiting-announcement', {
			'check-in code': code,
			'QR code': qr,
			announcement: projector.getByText(LONG_ANNOUNCEMENT)
		});
		announce(live.doc, '');

		// An item with its speaker, the countdown and who comes next.
		setCurrentItem(live.doc, welcome);
		for (const [personId, name] of [
			['p-1', 'Dr. Miriam Okafor'],
			['p-2', 'Jens Hoffmann'],
			['p-3', 'Lena Wagner'],
			['p-4', 'Prof. Dr. Katrin Vogel']
		])
			addSpeaker(live.doc, { personId, name });
		nextSpeaker(live.doc);
		const clock = projector.getByRole('timer');
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText(/TOP 1\s*Begrüßung/);
		await expect(projector.getByText('Es spricht: Dr. Miriam Okafor')).toBeVisible();
		await expect(clock).toHaveText(/^\s*[23]:\d\d/);
		await expect(projector.getByRole('list').first()).toContainText('Jens Hoffmann');
		await expectFits(projector, testInfo, '2-item', { clock, speaker: projector.getByText('Es spricht: Dr. Miriam Okafor') });
		await expectAccessible(projector);

		// A 200-character title and a long announcement: the clock stays whole on screen.
		setCurrentItem(live.doc, long);
		announce(live.doc, LONG_ANNOUNCEMENT);
		await expect(projector.getByRole('heading', { level: 1 })).toContainText(LONG_TITLE);
		await expect(projector.getByText(LONG_ANNOUNCEMENT)).toBeVisible();
		await expectFits(projector, testInfo, '2-item-long', {
			clock,
			speaker: projector.getByText('Es spricht: Dr. Miriam Okafor'),
			announcement: projector.getByText(LONG_ANNOUNCEMENT)
		});

		// A vote opens on that item: the question, and ballots in of seats present.
		await post(office, `${sitting.sessionPath}?/openPoll`, { agendaItemId: long, motion: MOTION, kind: 'vote', secrecy: 'secret' });
		await expect(projector.getByRole('heading', { name: 'Abstimmung läuft' })).toBeVisible();
		const count = projector.getByText(/^\d+ von \d+ Stimmen abgegeben$/);
		await expect(count).toHaveText(/^0 von \d+ Stimmen abgegeben$/);
		await expect.poll(() => readPoll(live.doc)?.status).toBe('open');
		const pollId = readPoll(live.doc)!.id;
		const votes: [string, string][] = [
			['Stimmberechtigtes Mitglied', 'yes'],
			['Moderation', 'yes'],
			['Selbstvertreterin', 'no'],
			['Selbstvertreter,', 'yes'],
			['Stellvertretung', 'abstain']
		];
		for (const [role, choice] of votes.slice(0, 2)) {
			const voter = await newPage(browser);
			await openLink(voter, demo(role).link);
			await post(voter, `${sitting.sessionPath}?/vote`, { pollId, choice });
		}
		await expect(count).toHaveText(/^2 von \d+ Stimmen abgegeben$/);
		await expectFits(projector, testInfo, '3-vote', { count, clock, announcement: projector.getByText(LONG_ANNOUNCEMENT) });
		await expectAccessible(projector);

		for (const [role, choice] of votes.slice(2)) {
			const voter = await newPage(browser);
			await openLink(voter, demo(role).link);
			// A deputy whose member is present has no seat to vote for: refused, and not counted.
			const response = await voter.request.post(`${sitting.sessionPath}?/vote`, {
				form: { pollId, choice },
				headers: { origin: E2E.origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(response.status()).toBeLessThan(500);
		}

		// The result: outcome in words, the counts large with a bar each, the resolution's number.
		await post(office, `${sitting.sessionPath}?/closePoll`, { pollId });
		const result = projector.locator('section.vote');
		await expect(result.getByRole('heading', { name: 'Ergebnis der Abstimmung' })).toBeVisible();
		await expect(result.getByText(/^Beschluss \d+$/)).toBeVisible();
		await expect(result.locator('dl')).toHaveText(/Ja\s*3\s*Nein\s*1\s*Enthaltung\s*0/);
		const outcome = result.getByText('angenommen', { exact: true });
		const counts = result.locator('dd');
		const parts = {
			outcome,
			'resolution number': result.getByText(/^Beschluss \d+$/),
			'count Ja': counts.nth(0),
			'count Nein': counts.nth(1),
			'count Enthaltung': counts.nth(2),
			clock,
			announcement: projector.getByText(LONG_ANNOUNCEMENT)
		};
		await expectFits(projector, testInfo, '4-result-announcement', parts);
		await expectAccessible(projector);
		announce(live.doc, '');
		await expect(projector.getByText(LONG_ANNOUNCEMENT)).toHaveCount(0);
		const { announcement: _gone, ...withoutAnnouncement } = parts;
		await expectFits(projector, testInfo, '4-result', withoutAnnouncement);

		// The next item called, the wall moves on from the result.
		setCurrentItem(live.doc, welcome);
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText(/TOP 1\s*Begrüßung/);
		await expect(result).toHaveCount(0);
	} finally {
		live.close();
	}
});

test('the wall offers full screen by keyboard and leaves it to the browser while it is on', async ({ browser }) => {
	const projector = await newPage(browser);
	await openLink(projector, demo('Moderation').link);
	await page_goConference(projector);
	await openConferenceSection(projector, 'Plenum');
	await projector.getByRole('link', { name: 'Plenum: Psychische Gesundheit junger Menschen' }).click();
	await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Plenum: Psychische Gesundheit junger Menschen');
	await projector.goto(`/projector/${new URL(projector.url()).pathname.split('/').at(-1)}`);
	const button = projector.getByRole('button', { name: 'Vollbild' });
	const supported = await projector.evaluate(() => document.fullscreenEnabled);
	if (!supported) {
		await expect(button).toHaveCount(0);
		return;
	}
	await button.focus();
	await projector.keyboard.press('Enter');
	await expect.poll(() => projector.evaluate(() => document.fullscreenElement !== null)).toBe(true);
	await expect(button).toHaveCount(0);
	await projector.evaluate(() => document.exitFullscreen());
	await expect(button).toBeVisible();
});

test("a member's own screen shows the wall without the check-in code", async ({ browser }) => {
	// A sitting of its own, waiting for its first item: the state in which the office's wall shows the code.
	const office = await newPage(browser);
	await openLink(office, demo('Geschäftsstelle').link);
	await page_goConference(office);
	const conferencePath = new URL(office.url()).pathname;
	const created = await post(office, `${conferencePath}/plenary?/create`, {
		title: 'Plenum: Eine Wand für alle',
		startsAt: todayAt('19:00'),
		place: 'Landratsamt Musterstadt, Kleiner Sitzungssaal',
		videoUrl: ''
	});
	const wallPath = `/projector/${new URL(created.headers().location!, E2E.origin).pathname.split('/').at(-1)}`;
	await office.goto(wallPath);
	await expect(office.getByRole('heading', { level: 1 })).toHaveText('Plenum: Eine Wand für alle');
	await expect(office.getByRole('img', { name: 'QR-Code zur Anmeldung an dieser Sitzung' })).toBeVisible();

	const member = await newPage(browser);
	await openLink(member, demo('Beratendes Mitglied').link);
	await member.goto(wallPath);
	await expect(member.getByRole('heading', { level: 1 })).toHaveText('Plenum: Eine Wand für alle');
	await expect(member.getByRole('img', { name: 'QR-Code zur Anmeldung an dieser Sitzung' })).toHaveCount(0);
	await expect(member.locator('.code')).toHaveCount(0);
	// On a phone the wall becomes a page: it may scroll down, never sideways.
	await member.setViewportSize({ width: 360, height: 740 });
	expect(await member.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
	await member.screenshot({ path: test.info().outputPath('member-360.png'), fullPage: true });
});
