import sharp from 'sharp';
import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { demo, expectAccessibleWithoutScripts, signInWithLink } from './helpers';

// Issue 16, "Mein Geld": a self-advocate on a phone, without JavaScript, adds a ticket photo to
// the claim for a meeting, confirms the self-declaration and sends it; the status says in words
// where the claim stands.

const PHONE = { width: 360, height: 740 };
test.use({ javaScriptEnabled: false, viewport: PHONE });

/**
 * Lena Maurer's draft for the group's visit to practices: the demo leaves her two drafts, this one
 * for this test and the one for the group's last meeting for allowances.e2e.ts, so the two may run
 * side by side.
 */
const TITLE = 'AG Zugang für alle: Ortstermin in zwei Praxen';

async function expectReflowAt360(page: Page) {
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `reflow on ${page.url()}`).toBeLessThanOrEqual(PHONE.width);
}

/** Every link and button of the page's main part at least 44 × 44 px (WCAG 2.5.8, our aim). */
async function expectLargeTargets(page: Page) {
	const small = await page.locator('main a, main button, main label.choice').evaluateAll((elements) =>
		elements
			.map((e) => ({ text: (e.textContent ?? '').trim().slice(0, 40), box: e.getBoundingClientRect() }))
			.filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
			.map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`)
	);
	expect(small, `small targets on ${page.url()}`).toEqual([]);
}

test('a self-advocate adds a ticket photo in easy language without JavaScript, confirms, sends and sees where the claim stands', async ({ page }) => {
	const title = TITLE;
	// A real photo: a small JPEG as a phone would send it.
	const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3060a0' } })
		.jpeg()
		.toBuffer();

	await signInWithLink(page, demo('Selbstvertreterin').link);
	await expect(page).toHaveURL(/\/einfach$/);
	await page.getByRole('navigation').getByRole('link', { name: 'Mein Geld' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Geld');
	const card = page.locator('article').filter({ has: page.getByRole('link', { name: title, exact: true }) });
	const claimId = (await card.getByRole('link', { name: title, exact: true }).getAttribute('href'))!.split('/').at(-1)!;
	await expect(card.getByText('Bitte prüfen und abschicken.')).toBeVisible();
	await expect(page.getByText(/^Sie haben \d{4} schon [\d,]+ Euro bekommen\.$/).first()).toBeVisible();
	await expectReflowAt360(page);
	await expectLargeTargets(page);
	await expectAccessibleWithoutScripts(page);

	await card.getByRole('link', { name: title }).click();
	await expect(page).toHaveURL(new RegExp(`/einfach/geld/${claimId}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByText('Geld für das Treffen')).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('claim-draft-360.png'), fullPage: true });
	await expectReflowAt360(page);
	await expectLargeTargets(page);
	await expectAccessibleWithoutScripts(page);

	// Without a photo, the page says so next to the field and keeps the price.
	const ticket = page.locator('#ticket');
	await ticket.getByLabel('Preis in Euro').fill('4,50');
	await ticket.getByRole('button', { name: 'Ticket speichern' }).click();
	await expect(ticket.getByText('Bitte wählen Sie ein Foto von dem Ticket.')).toBeVisible();
	await expect(ticket.getByLabel('Preis in Euro')).toHaveValue('4,50');
	await expect(ticket.getByLabel('Foto von dem Ticket')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessibleWithoutScripts(page);

	await ticket.getByLabel('Foto von dem Ticket').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: photo });
	await ticket.getByRole('button', { name: 'Ticket speichern' }).click();
	const lines = page.locator('#lines');
	await expect(lines.getByText('Ticket für Bus oder Bahn')).toBeVisible();
	await expect(lines.getByText('Geld: 4,50 Euro')).toBeVisible();
	await expect(lines.getByText('Zusammen: 24,50 Euro')).toBeVisible();
	await expect(lines.getByRole('link', { name: 'Das Ticket ansehen' })).toHaveAttribute('href', /^\/receipts\//);

	// The declaration is needed: without the tick nothing is sent.
	const send = page.locator('#submit');
	await send.getByRole('button', { name: 'Abschicken' }).click();
	await expect(send.getByText('Bitte setzen Sie den Haken.')).toBeVisible();
	await expect(page.getByText('Bitte prüfen und abschicken.')).toBeVisible();
	await send.getByLabel('Ja. Alles ist richtig.').check();
	await send.getByRole('button', { name: 'Abschicken' }).click();

	const status = page.locator('#status');
	await expect(status.getByRole('status')).toContainText('Sie haben alles abgeschickt.');
	await expect(status.getByText('Die Geschäfts-stelle prüft.')).toBeVisible();
	await expect(status.getByText('Alles ist richtig.')).toBeVisible();
	// Sent: nothing more to add, nothing to send again.
	await expect(page.locator('#ticket')).toHaveCount(0);
	await expect(page.locator('#submit')).toHaveCount(0);
	await expectReflowAt360(page);
	await expectAccessibleWithoutScripts(page);

	await page.getByRole('link', { name: 'Zurück zu Mein Geld' }).click();
	await expect(card.getByText('Die Geschäfts-stelle prüft.')).toBeVisible();
	await expect(card.getByText('Geld: 24,50 Euro')).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('money-360.png'), fullPage: true });
});
