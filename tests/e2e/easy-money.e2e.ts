import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { demo, expectAccessibleWithoutScripts, signInWithLink } from './helpers';
import { E2E } from './env';

// Issue 16, "Mein Geld": a self-advocate on a phone, without JavaScript, adds a ticket photo to
// the claim for a meeting, confirms the self-declaration and sends it; the status says in words
// where the claim stands.

const PHONE = { width: 360, height: 740 };
test.use({ javaScriptEnabled: false, viewport: PHONE });

/**
 * A draft claim of Lena Maurer (the demo's self-advocate) for a sitting she may claim for: the
 * demo's own where it has one. Until the demo seeds claims (the integrator adds them in every
 * state), one is written here the way `draftClaimIn` writes it (the claim and its flat line),
 * straight into the test's database as jobs.e2e.ts does: no route exists for it, nor should one.
 */
function lenasDraftClaim(): { claimId: string; title: string } {
	const db = new Database(E2E.databaseFile);
	try {
		const lena = db.prepare(`SELECT id FROM people WHERE display_name = 'Lena Maurer'`).get() as { id: string };
		const existing = db
			.prepare(`SELECT id, meeting_title AS title FROM claims WHERE person_id = ? AND status = 'draft' ORDER BY meeting_starts_at DESC LIMIT 1`)
			.get(lena.id) as { id: string; title: string } | undefined;
		if (existing) return { claimId: existing.id, title: existing.title };
		const session = db
			.prepare(
				`SELECT s.id, s.conference_id AS conferenceId, s.title, s.starts_at AS startsAt FROM plenary_sessions s
				 JOIN conferences c ON c.id = s.conference_id
				 WHERE c.name = 'Gesundheitskonferenz Landkreis Musterstadt'
				   AND NOT EXISTS (SELECT 1 FROM claims WHERE claims.session_id = s.id AND claims.person_id = ?)
				 ORDER BY s.starts_at LIMIT 1`
			)
			.get(lena.id) as { id: string; conferenceId: string; title: string; startsAt: number };
		const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(new Date(session.startsAt)));
		const { next } = db
			.prepare(`SELECT coalesce(max(number), 0) + 1 AS next FROM claims WHERE conference_id = ? AND year = ?`)
			.get(session.conferenceId, year) as {
			next: number;
		};
		const claimId = `e2e${randomBytes(8).toString('hex')}`;
		const now = Date.now();
		db.transaction(() => {
			db.prepare(
				`INSERT INTO claims (id, conference_id, person_id, year, number, session_id, meeting_type, meeting_title, meeting_starts_at, status, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, 'plenary', ?, ?, 'draft', ?)`
			).run(claimId, session.conferenceId, lena.id, year, next, session.id, session.title, session.startsAt, now);
			db.prepare(`INSERT INTO claim_lines (id, claim_id, kind, amount_cents, status, created_at) VALUES (?, ?, 'flat', 2500, 'open', ?)`).run(
				`e2e${randomBytes(8).toString('hex')}`,
				claimId,
				now
			);
		})();
		return { claimId, title: session.title };
	} finally {
		db.close();
	}
}

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
	const { claimId, title } = lenasDraftClaim();
	// A real photo: a small JPEG as a phone would send it.
	const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3060a0' } })
		.jpeg()
		.toBuffer();

	await signInWithLink(page, demo('Selbstvertreterin').link);
	await expect(page).toHaveURL(/\/einfach$/);
	await page.getByRole('navigation').getByRole('link', { name: 'Mein Geld' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Geld');
	const card = page.locator('article').filter({ has: page.locator(`a[href="/einfach/geld/${claimId}"]`) });
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
	await expect(lines.getByText('Zusammen: 29,50 Euro')).toBeVisible();
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
	await expect(card.getByText('Geld: 29,50 Euro')).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('money-360.png'), fullPage: true });
});
