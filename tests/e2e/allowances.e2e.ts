import sharp from 'sharp';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './test';
import { addBudget, demo, expectAccessible, expectAccessibleWithoutScripts, openConferenceSection, openLink, signInWithLink } from './helpers';

// Issue 16 end to end: a self-advocate completes the claim for a meeting she attended on her
// phone without JavaScript (a ticket photo, the self-declaration); one office member approves,
// a second one releases (four eyes); the payment file is made and downloaded; she sees it paid.

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };
const CONFERENCE = 'Gesundheitskonferenz Landkreis Musterstadt';
/** Lena Maurer's draft for the group's last meeting (the demo's; easy-money.e2e.ts completes her other one). */
const MEETING = /^AG Zugang für alle: .*Bestandsaufnahme$/;

async function phonePage(browser: Browser): Promise<Page> {
	return (await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })).newPage();
}

async function deskPage(browser: Browser): Promise<Page> {
	return (await browser.newContext({ viewport: DESK })).newPage();
}

async function expectReflowAt360(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `reflow on ${page.url()}`).toBeLessThanOrEqual(PHONE.width);
}

test('a ticket photo without JavaScript, approval by one office member, release by another, the SEPA file, and "bezahlt" for the person', async ({
	browser
}) => {
	addBudget(180_000);

	// A phone's photo: a real JPEG that says where it was taken; the receipt must not.
	const photo = await sharp({ create: { width: 160, height: 100, channels: 3, background: '#2a6f4e' } })
		.withExif({
			IFD0: { Make: 'Phone', Model: 'Handy 12', Copyright: 'Lena Maurer' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '9/1 55/1 0/1' }
		})
		.jpeg()
		.toBuffer();
	expect((await sharp(photo).metadata()).exif, 'the test photo carries EXIF data').toBeDefined();

	// Lena Maurer, on her phone without JavaScript: "Mein Geld", her draft, a ticket, sent.
	const lena = await phonePage(browser);
	await signInWithLink(lena, demo('Selbstvertreterin').link);
	await expect(lena).toHaveURL(/\/einfach$/);
	await lena.getByRole('navigation').getByRole('link', { name: 'Mein Geld' }).click();
	await expect(lena.getByRole('heading', { level: 1 })).toHaveText('Mein Geld');
	await expectReflowAt360(lena);
	await expectAccessibleWithoutScripts(lena);

	await lena.getByRole('link', { name: MEETING }).click();
	await expect(lena.getByRole('heading', { level: 1 })).toHaveText(MEETING);
	const claimPath = new URL(lena.url()).pathname;
	const claimId = claimPath.split('/').at(-1)!;
	await expect(lena.locator('#status')).toContainText('Bitte prüfen und abschicken.');
	const reference = /Nummer: (\d{4}-\d+)/.exec(await lena.locator('main').innerText())?.[1];
	expect(reference, 'the claim number on the person’s page').toBeDefined();
	await expectReflowAt360(lena);
	await expectAccessibleWithoutScripts(lena);

	const ticket = lena.locator('#ticket');
	await ticket.getByLabel('Foto von dem Ticket').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
	await ticket.getByLabel('Preis in Euro').fill('6,40');
	await ticket.getByRole('button', { name: 'Ticket speichern' }).click();
	const lines = lena.locator('#lines');
	await expect(lines.getByText('Ticket für Bus oder Bahn')).toBeVisible();
	await expect(lines.getByText('Geld: 6,40 Euro')).toBeVisible();
	await expect(lines.getByText('Zusammen: 26,40 Euro')).toBeVisible();

	const send = lena.locator('#submit');
	await send.getByLabel('Ja. Alles ist richtig.').check();
	await send.getByRole('button', { name: 'Abschicken' }).click();
	await expect(lena.locator('#status').getByRole('status')).toContainText('Sie haben alles abgeschickt.');
	await expect(lena.locator('#status').getByText('Die Geschäfts-stelle prüft.')).toBeVisible();
	await expectReflowAt360(lena);
	await expectAccessibleWithoutScripts(lena);

	// Sabine Krüger (office), at her desk: finds the claim, looks at the ticket, approves.
	const office = await deskPage(browser);
	await openLink(office, demo('Geschäftsstelle').link);
	await office.getByRole('link', { name: CONFERENCE }).first().click();
	await openConferenceSection(office, 'Aufwandsentschädigung');
	await expect(office.getByRole('heading', { level: 1 })).toHaveText('Aufwandsentschädigung');
	await expectAccessible(office);
	await office.getByRole('link', { name: `Antrag ${reference} von Lena Maurer öffnen` }).click();
	await expect(office.getByRole('heading', { level: 1 })).toHaveText(`Antrag ${reference}`);
	await expect(office.locator('dl.facts')).toContainText('Eingereicht');
	await expectAccessible(office);

	const receiptHref = await office.getByRole('link', { name: 'Beleg ansehen' }).getAttribute('href');
	expect(receiptHref).toMatch(/^\/receipts\//);
	const receipt = await office.request.get(receiptHref!);
	expect(receipt.status()).toBe(200);
	expect(receipt.headers()['content-type']).toMatch(/^image\//);
	const served = await sharp(await receipt.body()).metadata();
	expect(served.width, 'the receipt is the photo').toBe(160);
	expect(served.exif, 'the camera’s metadata (location) is gone').toBeUndefined();

	const claimPage = new URL(office.url()).pathname;
	await office.getByRole('button', { name: 'Entscheidung speichern' }).click();
	await expect(office.locator('dl.facts')).toContainText('Genehmigt');
	await expect(office.getByText('Freigabe durch eine zweite Person: Eine andere Person der Geschäftsstelle gibt ihn zur Zahlung frei.')).toBeVisible();
	await expect(office.getByRole('button', { name: 'Zur Zahlung freigeben' })).toHaveCount(0);
	await expectAccessible(office);

	// Murat Yılmaz, the second office member, releases it and makes the payment file.
	const second = await deskPage(browser);
	await openLink(second, demo('Zweite Person der Geschäftsstelle').link);
	await second.goto(claimPage);
	await second.getByRole('button', { name: 'Zur Zahlung freigeben' }).click();
	await expect(second.getByText('Der Antrag ist zur Zahlung freigegeben.')).toBeVisible();
	await expect(second.locator('dl.facts')).toContainText('Freigegeben');
	await expectAccessible(second);

	await second.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
	await second.getByRole('link', { name: 'Auszahlungen' }).first().click();
	await expect(second.getByRole('heading', { level: 1 })).toHaveText('Auszahlungen');
	await expectAccessible(second);
	// Only this claim: the demo's other released claims stay for the other tests to see.
	for (const box of await second.locator('input[name="claimIds"]').all()) await box.uncheck();
	await second.getByLabel(`${reference} auswählen`).check();
	await second.getByRole('button', { name: 'Zahlungsdatei erstellen' }).click();
	await expect(second.getByRole('heading', { level: 1 })).toHaveText(/^Zahlungsdatei \d+$/);
	await expect(second.getByRole('link', { name: reference! })).toBeVisible();
	await expectAccessible(second);

	const xmlHref = await second.getByRole('link', { name: 'SEPA-Datei herunterladen (pain.001.001.09)' }).getAttribute('href');
	const xml = await (await second.request.get(xmlHref!)).text();
	expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
	expect(xml).toContain(reference!);
	expect(xml).toMatch(/<Cdtr>\s*<Nm>Karin Maurer<\/Nm>/);
	expect(xml).toMatch(/<InstdAmt Ccy="EUR">26\.40?<\/InstdAmt>/);
	expect(xml, 'no postal addresses').not.toContain('PstlAdr');
	const csvHref = await second.getByRole('link', { name: 'Buchhaltungsliste herunterladen (CSV)' }).getAttribute('href');
	const csv = await second.request.get(csvHref!);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toMatch(/text\/csv/);
	expect(await csv.text()).toContain(reference!);

	// Lena Maurer sees it paid, in words.
	await lena.goto(claimPath);
	await expect(lena.locator('#status')).toContainText(/Bezahlt am \d{1,2}\. \S+ \d{4}\./);
	await expectReflowAt360(lena);
	await expectAccessibleWithoutScripts(lena);
	await lena.getByRole('link', { name: 'Zurück zu Mein Geld' }).click();
	const card = lena.locator('article').filter({ has: lena.locator(`a[href="/einfach/geld/${claimId}"]`) });
	await expect(card).toContainText(/Bezahlt am/);
	await expectReflowAt360(lena);
});
