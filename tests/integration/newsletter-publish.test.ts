import { parseFeed } from '@rowanmanning/feed-parser';
import { sqliteData } from '../../src/lib/server/db/client';
import { and, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestDoc } from '../../src/lib/collab/kinds/digest';
import { joinText } from '../../src/lib/easy/standardTexts';
import { sourceFingerprint } from '../../src/lib/easy/versions';
import { BODY } from '../../src/lib/minutes/document';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { publishDigest } from '../../src/lib/server/commands/publishDigest';
import { auditLog, digestDeliveries, digestSends, digests, easyTexts, jobs, newsletterSubscribers } from '../../src/lib/server/db/schema';
import { atomFeed } from '../../src/lib/server/newsletter/atomFeed';
import { digestPublicPath, newsletterArchivePath, newsletterFeedPath } from '../../src/lib/server/newsletter/paths';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { publishedDigest, publishedDigestsWithContent } from '../../src/lib/server/queries/publishedDigests';
import { digestMailOn } from '../../src/lib/server/newsletter/mail/digestMail';
import { readDraftStandardOn, renderDraftOn } from '../../src/lib/server/newsletter/render';
import { tempDatabase } from './support/db';
import { buildFixture, type ActorName } from './support/fixture';
import { refusalOf } from './support/errors';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const ORIGIN = 'https://ratschlag.example';
const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(sqliteData(db.$client), fixture.ids[name]);
const renderDraft = async (digestId: string) => {
	const data = sqliteData(db.$client);
	return renderDraftOn(data, digestId, await readDraftStandardOn(data, digestId));
};

/** Writes the standard edition as an editor would: a heading, a paragraph with a link. */
function writeBody(doc: Y.Doc, heading: string, paragraph: string, href?: string) {
	const body = doc.getXmlFragment(BODY);
	body.delete(0, body.length);
	const h = new Y.XmlElement('heading');
	h.setAttribute('level', '3');
	h.insert(0, [new Y.XmlText(heading)]);
	const p = new Y.XmlElement('paragraph');
	const text = new Y.XmlText(paragraph);
	if (href) text.format(0, paragraph.length, { link: { href } });
	p.insert(0, [text]);
	body.insert(0, [h, p]);
}

function newDraft(title: string, conferenceId = fixture.conferenceA.id) {
	return db.insert(digests).values({ conferenceId, title, createdByPersonId: fixture.ids.newsletterEditor }).returning().get();
}

function writeEasy(digestId: string, body: string, status: 'draft' | 'checked') {
	db.insert(easyTexts)
		.values({
			conferenceId: fixture.conferenceA.id,
			kind: 'digest',
			subjectId: digestId,
			body,
			status,
			sourceFingerprint: '00000000',
			writtenAt: new Date(),
			checkedAt: status === 'checked' ? new Date() : null
		})
		.run();
}

beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

describe('renderDraftOn', () => {
	it('renders the live document escaped, keeps the links in the text part, and the easy edition one sentence a line', async () => {
		const draft = newDraft('Ausgabe <Mai>');
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) =>
			writeBody(doc, 'Neu <script>', 'Die Empfehlung zur Pflege', 'https://example.org/a?b=1&c=2')
		);
		writeEasy(draft.id, 'Die Konferenz hat etwas beschlossen. Es geht um Pflege.\n\nDas nächste Treffen ist am 3. Mai.\nMehr: https://example.org/x.', 'draft');
		const rendered = await renderDraft(draft.id);
		expect(rendered.title).toBe('Ausgabe <Mai>');
		expect(rendered.standard.html).toContain('<h2>Neu &lt;script&gt;</h2>');
		expect(rendered.standard.html).toContain('href="https://example.org/a?b=1&amp;c=2"');
		expect(rendered.standard.text).toContain('Die Empfehlung zur Pflege');
		expect(rendered.standard.text).toContain('- https://example.org/a?b=1&c=2');
		expect(rendered.easyStatus).toBe('draft');
		expect(rendered.easy!.text).toBe(
			'Die Konferenz hat etwas beschlossen.\nEs geht um Pflege.\n\nDas nächste Treffen ist am 3. Mai.\nMehr: https://example.org/x.'
		);
		expect(rendered.easy!.html).toContain('<img src="/pictograms/decision.svg" alt=""');
		expect(rendered.easy!.html).toContain('<a href="https://example.org/x" rel="noopener noreferrer">https://example.org/x</a>.');
		expect(rendered.easy!.html.match(/<p /g)).toHaveLength(4);
	});

	it('notices when the standard text changed under the easy edition', async () => {
		const draft = newDraft('Veraltet');
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Erster Text.'));
		const first = (await renderDraft(draft.id)).standard.text;
		db.insert(easyTexts)
			.values({
				conferenceId: fixture.conferenceA.id,
				kind: 'digest',
				subjectId: draft.id,
				body: 'Das ist neu.',
				status: 'checked',
				sourceFingerprint: sourceFingerprint(joinText(...first.split('\n'))),
				writtenAt: new Date(),
				checkedAt: new Date()
			})
			.run();
		expect((await renderDraft(draft.id)).easyOutdated).toBe(false);
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Ganz anderer Text.'));
		expect((await renderDraft(draft.id)).easyOutdated).toBe(true);
	});

	it('says so when nobody wrote the easy edition', async () => {
		const draft = newDraft('Leer');
		const rendered = await renderDraft(draft.id);
		expect(rendered).toMatchObject({ easy: null, easyStatus: 'missing', easyOutdated: false, standardUnreadable: false, standard: { html: '', text: '' } });
	});
});

describe('digestMailOn', () => {
	it('has the RFC 8058 headers, List-Id, a text part, lang, the browser, unsubscribe and preferences links and the imprint', async () => {
		const subscriber = db
			.insert(newsletterSubscribers)
			.values({ conferenceId: fixture.conferenceA.id, email: 'leser@example.org', state: 'active', confirmedAt: new Date() })
			.returning()
			.get();
		const draft = newDraft('Juni');
		const mail = await digestMailOn(sqliteData(db.$client), {
			conference: { id: fixture.conferenceA.id, name: 'Konferenz "A"' },
			digest: { id: draft.id, number: 3, title: 'Juni', publishedAt: new Date() },
			edition: 'standard',
			body: { html: '<p>Hallo</p>', text: 'Hallo' },
			subscriber: { id: subscriber.id, tokenVersion: 1, email: subscriber.email, name: null },
			to: subscriber.email,
			origin: ORIGIN,
			messageId: '<x.digest@ratschlag.example>'
		});
		expect(mail.headers['List-Unsubscribe']).toMatch(new RegExp(`^<${ORIGIN}/newsletter/abmelden/[^>]+>$`));
		expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(mail.headers['List-Id']).toBe(`Konferenz A <newsletter.${fixture.conferenceA.id}.ratschlag.example>`);
		expect(mail.html).toContain('<html lang="de">');
		expect(mail.html).toContain('role="presentation"');
		expect(mail.html).toContain(`${ORIGIN}/oeffentlich/${fixture.conferenceA.id}/newsletter/${draft.id}"`);
		expect(mail.html).toContain(`${ORIGIN}/newsletter/einstellungen/`);
		expect(mail.html).toContain('Impressum');
		expect(mail.text).toContain('Hallo');
		expect(mail.text).toContain(`${ORIGIN}/newsletter/abmelden/`);
		expect(mail.html).not.toMatch(/<img[^>]+(width="1"|height="1")/);
	});

	it('writes List-Id so that the list id stays plain after nodemailer, also for a name with umlauts', async () => {
		const subscriber = db.select().from(newsletterSubscribers).get()!;
		const mail = await digestMailOn(sqliteData(db.$client), {
			conference: { id: fixture.conferenceA.id, name: 'Gesundheitskonferenz Südkreis <Nord>' },
			digest: { id: 'x', number: 1, title: 'Juli', publishedAt: new Date() },
			edition: 'standard',
			body: { html: '<p>Hallo</p>', text: 'Hallo' },
			subscriber: { id: subscriber.id, tokenVersion: 1, email: subscriber.email, name: null },
			to: subscriber.email,
			origin: ORIGIN,
			messageId: '<y.digest@ratschlag.example>'
		});
		const stream = nodemailer.createTransport({ streamTransport: true, buffer: true });
		const info = await stream.sendMail({ from: 'a@example.org', to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
		const raw = (info.message as Buffer).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
		const line = raw.split(/\r?\n/).find((l) => l.startsWith('List-ID: '))!;
		expect(line).toMatch(new RegExp(`^List-ID: (=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?= ?)+ <newsletter\\.${fixture.conferenceA.id}\\.ratschlag\\.example>$`));
		const words = [...line.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));
		expect(words.join('')).toBe('Gesundheitskonferenz Südkreis Nord');
	});

	it('a test mail says so and carries no unsubscribe headers', async () => {
		const draft = newDraft('Test');
		const mail = await digestMailOn(sqliteData(db.$client), {
			conference: { id: fixture.conferenceA.id, name: 'Konferenz A' },
			digest: { id: draft.id, number: null, title: 'Test', publishedAt: null },
			edition: 'easy',
			body: { html: '<table role="presentation"><tr><td><img src="/pictograms/information.svg" alt=""></td></tr></table>', text: 'Hallo.' },
			subscriber: null,
			to: 'editor@example.org',
			origin: ORIGIN,
			messageId: '<t.digest@ratschlag.example>',
			test: true
		});
		expect(mail.subject).toBe('[Test] Test – Nachrichten von der Konferenz A');
		expect(mail.text).toMatch(/^Test-Mail: /);
		expect(mail.headers).toEqual({});
		expect(mail.html).toContain(`src="${ORIGIN}/pictograms/information.svg"`);
		expect(mail.html).toContain(`/conferences/${fixture.conferenceA.id}/newsletter/${draft.id}/preview`);
	});
});

describe('publishDigest', () => {
	let easyReader: string;

	beforeAll(() => {
		const now = new Date();
		const rows = db
			.insert(newsletterSubscribers)
			.values([
				{ conferenceId: fixture.conferenceA.id, email: 'standard@example.org', state: 'active', confirmedAt: now },
				{ conferenceId: fixture.conferenceA.id, email: 'einfach@example.org', edition: 'easy', state: 'active', confirmedAt: now },
				{ conferenceId: fixture.conferenceA.id, email: 'offen@example.org', state: 'pending' }
			])
			.returning()
			.all();
		easyReader = rows[1].id;
	});

	const publish = async (digestId: string, confirmUncheckedEasy = false, who: Exclude<ActorName, 'anonymous'> = 'newsletterEditor') =>
		await publishDigest(sqliteData(db.$client), await actor(who), { digestId, confirmUncheckedEasy, origin: ORIGIN });

	it('freezes both editions, numbers the issue and fixes the recipients; a later edit of the draft changes nothing public', async () => {
		const draft = newDraft('Frühling');
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Beschlüsse', 'Die Konferenz empfiehlt mehr Kurzzeitpflege.'));
		writeEasy(draft.id, 'Die Konferenz hat etwas beschlossen.', 'checked');
		const result = await publish(draft.id);
		// Two active standard readers (one from the mail test above) and one easy reader; the pending one gets nothing.
		expect(result).toMatchObject({ total: 3, perEdition: { standard: 2, easy: 1 } });
		const frozen = (await publishedDigest(sqliteData(db.$client), fixture.conferenceA.id, draft.id))!;
		expect(frozen.number).toBe(result.number);
		expect(frozen.htmlStandard).toContain('Kurzzeitpflege');
		expect(frozen.htmlEasy).toContain('beschlossen');
		expect(frozen.easyUnchecked).toBe(false);

		const deliveries = db.select().from(digestDeliveries).where(eq(digestDeliveries.sendId, result.sendId)).all();
		expect(deliveries.find((d) => d.subscriberId === easyReader)?.edition).toBe('easy');
		expect(db.select().from(jobs).where(eq(jobs.kind, 'newsletter.send')).all()).toHaveLength(1);
		expect(
			db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'digest.publish'), eq(auditLog.subjectId, draft.id)))
				.all()
		).toHaveLength(1);

		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Anders', 'Ganz anderer Text.'));
		const after = (await publishedDigest(sqliteData(db.$client), fixture.conferenceA.id, draft.id))!;
		expect(after.htmlStandard).toBe(frozen.htmlStandard);
		expect(after.htmlEasy).toBe(frozen.htmlEasy);
	});

	it('the published row cannot be changed or deleted (trigger), and is not published twice', async () => {
		const published = db.select().from(digests).where(eq(digests.state, 'published')).get()!;
		expect(() => db.update(digests).set({ htmlStandard: '<p>gefälscht</p>' }).where(eq(digests.id, published.id)).run()).toThrow(/never changes/);
		expect(() => db.delete(digests).where(eq(digests.id, published.id)).run()).toThrow(/never deleted/);
		// The policy refuses a published digest before the command looks at it.
		await expect(publish(published.id)).rejects.toThrow(NotAllowed);
	});

	it('refuses an empty issue', async () => {
		expect(await refusalOf(publish(newDraft('Leer').id, true))).toBe('publish_standard_empty');
	});

	it('an unchecked easy edition needs the explicit confirmation, and the issue remembers it', async () => {
		const draft = newDraft('Sommer');
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Text.'));
		writeEasy(draft.id, 'Das ist neu.', 'draft');
		expect(await refusalOf(publish(draft.id))).toBe('publish_easy_unchecked');
		expect(db.select().from(digests).where(eq(digests.id, draft.id)).get()!.state).toBe('draft');
		expect(db.select().from(digestSends).where(eq(digestSends.digestId, draft.id)).all()).toHaveLength(0);
		await publish(draft.id, true);
		expect((await publishedDigest(sqliteData(db.$client), fixture.conferenceA.id, draft.id))!.easyUnchecked).toBe(true);
	});

	it('a missing easy edition needs the confirmation while easy subscribers would get the standard one', async () => {
		const draft = newDraft('Herbst');
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Text.'));
		expect(await refusalOf(publish(draft.id))).toBe('publish_easy_missing');
		const { number } = await publish(draft.id, true);
		const numbers = db
			.select({ number: digests.number })
			.from(digests)
			.where(eq(digests.state, 'published'))
			.all()
			.map((row) => row.number);
		expect(number).toBe(Math.max(...numbers.map(Number)));
		expect(new Set(numbers).size).toBe(numbers.length);
		expect((await publishedDigest(sqliteData(db.$client), fixture.conferenceA.id, draft.id))!.htmlEasy).toBeNull();
	});

	it('members and other conferences’ people may not publish', async () => {
		const draft = newDraft('Winter');
		await changeDocumentOn(sqliteData(db.$client), digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Text.'));
		for (const who of ['votingMember', 'easyChecker', 'guest', 'otherOffice'] as const) await expect(publish(draft.id, true, who)).rejects.toThrow(NotAllowed);
		const other = newDraft('Fremd', fixture.conferenceB.id);
		await expect(publish(other.id, true)).rejects.toThrow(NotAllowed);
		expect(db.select().from(digests).where(eq(digests.id, draft.id)).get()!.state).toBe('draft');
	});

	it('the Atom feed parses with a feed parser and names every issue', async () => {
		const issues = await publishedDigestsWithContent(sqliteData(db.$client), fixture.conferenceA.id, 50);
		expect(issues.length).toBeGreaterThanOrEqual(2);
		const xml = atomFeed({
			archiveUrl: ORIGIN + newsletterArchivePath(fixture.conferenceA.id),
			selfUrl: ORIGIN + newsletterFeedPath(fixture.conferenceA.id),
			title: 'Newsletter der Konferenz A & <B>',
			author: 'Konferenz A',
			updated: issues[0].publishedAt,
			entries: issues.map((issue) => ({
				title: `Ausgabe ${issue.number}: ${issue.title} \u0007`,
				url: ORIGIN + digestPublicPath(fixture.conferenceA.id, issue.id),
				publishedAt: issue.publishedAt,
				html: issue.html
			}))
		});
		const feed = parseFeed(xml);
		expect(feed.meta.type).toBe('atom');
		expect(feed.title).toBe('Newsletter der Konferenz A & <B>');
		expect(feed.self).toBe(ORIGIN + newsletterFeedPath(fixture.conferenceA.id));
		expect(feed.items).toHaveLength(issues.length);
		for (const issue of issues) {
			const item = feed.items.find((i) => i.url === ORIGIN + digestPublicPath(fixture.conferenceA.id, issue.id));
			// The bell character is dropped: XML 1.0 cannot carry it.
			expect(item?.title).toBe(`Ausgabe ${issue.number}: ${issue.title}`);
			expect(item?.id).toBe(item?.url);
			expect(item?.published?.getTime()).toBe(issue.publishedAt.getTime());
		}
		expect(feed.items.some((i) => i.content?.includes('Kurzzeitpflege'))).toBe(true);
	});
});
