import { expect, test } from './test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { eq } from 'drizzle-orm';
import { digestDoc } from '../../src/lib/collab/kinds/digest';
import { BODY } from '../../src/lib/minutes/document';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { openDatabase } from '../../src/lib/server/db';
import { conferences, digests, easyTexts, newsletterSubscribers } from '../../src/lib/server/db/schema';
import { E2E } from './env';
import { demo, expectAccessible, openLink } from './helpers';
import { sqliteData } from '../../src/lib/server/db/client';

/**
 * The newsletter editor publishes a draft: the confirmation names the recipients per edition and
 * asks explicitly for the unchecked easy edition; publishing leads on to the sending page, the
 * issue is in the public archive, and the subscribers' mails arrive with the RFC 8058 headers.
 */
const SUBSCRIBERS = ['e2e-standard@example.org', 'e2e-einfach@example.org'];

async function draftWithSubscribers() {
	const db = openDatabase(E2E.databaseFile);
	try {
		const conference = db.select().from(conferences).where(eq(conferences.name, 'Gesundheitskonferenz Landkreis Musterstadt')).get()!;
		const now = new Date();
		db.insert(newsletterSubscribers)
			.values(
				SUBSCRIBERS.map((email, i) => ({
					conferenceId: conference.id,
					email,
					edition: i === 0 ? ('standard' as const) : ('easy' as const),
					state: 'active' as const,
					confirmedAt: now
				}))
			)
			.onConflictDoNothing()
			.run();
		const draft = db.insert(digests).values({ conferenceId: conference.id, title: 'E2E-Ausgabe zum Veröffentlichen' }).returning().get();
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText('Die Konferenz hat die Empfehlung zur Kurzzeitpflege angenommen.')]);
			doc.getXmlFragment(BODY).insert(0, [paragraph]);
		});
		db.insert(easyTexts)
			.values({
				conferenceId: conference.id,
				kind: 'digest',
				subjectId: draft.id,
				body: 'Die Konferenz hat etwas beschlossen.',
				status: 'draft',
				sourceFingerprint: '00000000',
				writtenAt: now
			})
			.run();
		return { conferenceId: conference.id, digestId: draft.id };
	} finally {
		db.$client.close();
	}
}

function mailsTo(address: string): string[] {
	return (
		readdirSync(E2E.mailDir)
			.filter((file) => file.endsWith(`-${address}.eml`))
			// Headers unfolded: a long List-Unsubscribe line may be folded onto the next.
			.map((file) => readFileSync(join(E2E.mailDir, file), 'utf8').replace(/\r?\n[ \t]+/g, ' '))
	);
}

test('the editor confirms the unchecked easy edition, publishes, and the mails go out with one-click unsubscribe', async ({ page, request }) => {
	const { conferenceId, digestId } = await draftWithSubscribers();
	await openLink(page, demo('Newsletter-Redaktion').link);
	await page.goto(`/conferences/${conferenceId}/newsletter/${digestId}/publish`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Veröffentlichen: E2E-Ausgabe zum Veröffentlichen');
	await expect(page.getByText('Alle bestätigten Abonnentinnen und Abonnenten der Konferenz.')).toBeVisible();
	await expect(page.getByText('noch nicht von der Prüfgruppe geprüft', { exact: false }).first()).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 320, height: 720 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
	await page.setViewportSize({ width: 1280, height: 720 });

	// Without the checkbox: refused, in words next to it, nothing published.
	await page.getByRole('button', { name: /^Veröffentlichen und an \d+ senden$/ }).click();
	await expect(page.locator('#confirm-error')).toContainText('Bestätigen Sie ausdrücklich');
	expect((await request.get(`/oeffentlich/${conferenceId}/newsletter/${digestId}`)).status()).toBe(404);

	await page.getByLabel('Ich veröffentliche die Ausgabe in Leichter Sprache ungeprüft.').check();
	await page.getByRole('button', { name: /^Veröffentlichen und an \d+ senden$/ }).click();
	await expect(page).toHaveURL(new RegExp(`/conferences/${conferenceId}/newsletter/${digestId}/sending$`));

	const issue = await request.get(`/oeffentlich/${conferenceId}/newsletter/${digestId}`);
	expect(issue.status()).toBe(200);
	expect(await issue.text()).toContain('Die Konferenz hat die Empfehlung zur Kurzzeitpflege angenommen.');

	// The send job delivers to the test SMTP server: each subscriber one mail, in their edition.
	await expect.poll(() => SUBSCRIBERS.map((address) => mailsTo(address).length), { timeout: 60_000 }).toEqual([1, 1]);
	for (const address of SUBSCRIBERS) {
		const raw = mailsTo(address)[0];
		expect(raw).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/newsletter\/abmelden\/[^>]+>/m);
		expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
		// nodemailer writes it `List-ID`; header names are case-insensitive.
		expect(raw).toMatch(/^List-Id: [^\n]* <newsletter\.[a-z0-9]+\.127\.0\.0\.1>/im);
		expect(raw).toContain('text/plain');
		expect(raw).toContain('text/html');
	}
	// The easy reader's mail leads to the easy edition (the body is quoted-printable: soft breaks and =XX undone).
	const quotedPrintable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	expect(quotedPrintable(mailsTo(SUBSCRIBERS[1])[0])).toContain(`/oeffentlich/${conferenceId}/newsletter/${digestId}?ausgabe=einfach`);
	expect(quotedPrintable(mailsTo(SUBSCRIBERS[0])[0])).not.toContain('?ausgabe=einfach');
});
