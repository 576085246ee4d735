import { parseFeed } from '@rowanmanning/feed-parser';
import { and, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { digestDoc } from '../../src/lib/collab/kinds/digest';
import { joinText } from '../../src/lib/easy/standardTexts';
import { sourceFingerprint } from '../../src/lib/easy/versions';
import { BODY } from '../../src/lib/minutes/document';
import { changeDocumentOn } from '../../src/lib/server/collab/changeDocument';
import { publishDigest } from '../../src/lib/server/commands/publishDigest';
import { first, type Data } from '../../src/lib/server/db/client';
import { atomFeed } from '../../src/lib/server/newsletter/atomFeed';
import { digestPublicPath, newsletterArchivePath, newsletterFeedPath } from '../../src/lib/server/newsletter/paths';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { publishedDigest, publishedDigestsWithContent } from '../../src/lib/server/queries/publishedDigests';
import { digestMailOn } from '../../src/lib/server/newsletter/mail/digestMail';
import { readDraftStandardOn, renderDraftOn } from '../../src/lib/server/newsletter/render';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { useJobsSecret } from './support/jobsSecret';
import { refusalOf } from './support/errors';

/**
 * Publishing the newsletter on a real database (SQLite and PostgreSQL): the draft rendered from its
 * live document, the mail of an issue, publishing with its frozen editions and recipients, and the
 * Atom feed of the published issues.
 */
const ORIGIN = 'https://ratschlag.example';

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

/**
 * What a statement the database refused says: on SQLite the trigger's message itself, on
 * PostgreSQL the driver's error under the query's (Drizzle names the failed query first).
 */
async function refusalMessage(statement: PromiseLike<unknown>): Promise<string> {
	try {
		await statement;
	} catch (e) {
		const error = e as Error & { cause?: { message?: string } };
		return `${error.message} ${error.cause?.message ?? ''}`;
	}
	return 'allowed';
}

describe.each(DIALECTS)('publishing the newsletter on %s', (dialect) => {
	const on = fixtureOn(dialect);
	// On SQLite the links are signed with the key file next to the database, as in production.
	if (dialect === 'postgres') useJobsSecret();
	let data: Data;
	let fixture: Fixture;
	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const renderDraft = async (digestId: string) => renderDraftOn(data, digestId, await readDraftStandardOn(data, digestId));

	beforeAll(() => {
		({ data, fixture } = on);
	});

	async function newDraft(title: string, conferenceId = fixture.conferenceA.id) {
		return first(await data.q.insert(data.t.digests).values({ conferenceId, title, createdByPersonId: fixture.ids.newsletterEditor }).returning())!;
	}

	async function writeEasy(digestId: string, body: string, status: 'draft' | 'checked') {
		await data.q.insert(data.t.easyTexts).values({
			conferenceId: fixture.conferenceA.id,
			kind: 'digest',
			subjectId: digestId,
			body,
			status,
			sourceFingerprint: '00000000',
			writtenAt: new Date(),
			checkedAt: status === 'checked' ? new Date() : null
		});
	}

	describe('renderDraftOn', () => {
		it('renders the live document escaped, keeps the links in the text part, and the easy edition one sentence a line', async () => {
			const draft = await newDraft('Ausgabe <Mai>');
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu <script>', 'Die Empfehlung zur Pflege', 'https://example.org/a?b=1&c=2'));
			await writeEasy(
				draft.id,
				'Die Konferenz hat etwas beschlossen. Es geht um Pflege.\n\nDas nächste Treffen ist am 3. Mai.\nMehr: https://example.org/x.',
				'draft'
			);
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
			const draft = await newDraft('Veraltet');
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Erster Text.'));
			const first = (await renderDraft(draft.id)).standard.text;
			await data.q.insert(data.t.easyTexts).values({
				conferenceId: fixture.conferenceA.id,
				kind: 'digest',
				subjectId: draft.id,
				body: 'Das ist neu.',
				status: 'checked',
				sourceFingerprint: sourceFingerprint(joinText(...first.split('\n'))),
				writtenAt: new Date(),
				checkedAt: new Date()
			});
			expect((await renderDraft(draft.id)).easyOutdated).toBe(false);
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Ganz anderer Text.'));
			expect((await renderDraft(draft.id)).easyOutdated).toBe(true);
		});

		it('says so when nobody wrote the easy edition', async () => {
			const draft = await newDraft('Leer');
			const rendered = await renderDraft(draft.id);
			expect(rendered).toMatchObject({ easy: null, easyStatus: 'missing', easyOutdated: false, standardUnreadable: false, standard: { html: '', text: '' } });
		});
	});

	describe('digestMailOn', () => {
		it('has the RFC 8058 headers, List-Id, a text part, lang, the browser, unsubscribe and preferences links and the imprint', async () => {
			const subscriber = first(
				await data.q
					.insert(data.t.newsletterSubscribers)
					.values({ conferenceId: fixture.conferenceA.id, email: 'leser@example.org', state: 'active', confirmedAt: new Date() })
					.returning()
			)!;
			const draft = await newDraft('Juni');
			const mail = await digestMailOn(data, {
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
			// The one subscriber the test above signed up, named: a table read without ORDER BY has no first row on PostgreSQL.
			const { newsletterSubscribers } = data.t;
			const subscriber = first(await data.q.select().from(newsletterSubscribers).where(eq(newsletterSubscribers.email, 'leser@example.org')))!;
			const mail = await digestMailOn(data, {
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
			const info = await stream.sendMail({
				from: 'a@example.org',
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				headers: mail.headers
			});
			const raw = (info.message as Buffer).toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
			const line = raw.split(/\r?\n/).find((l) => l.startsWith('List-ID: '))!;
			expect(line).toMatch(new RegExp(`^List-ID: (=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?= ?)+ <newsletter\\.${fixture.conferenceA.id}\\.ratschlag\\.example>$`));
			const words = [...line.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));
			expect(words.join('')).toBe('Gesundheitskonferenz Südkreis Nord');
		});

		it('a test mail says so and carries no unsubscribe headers', async () => {
			const draft = await newDraft('Test');
			const mail = await digestMailOn(data, {
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

		beforeAll(async () => {
			const now = new Date();
			const rows = await data.q
				.insert(data.t.newsletterSubscribers)
				.values([
					{ conferenceId: fixture.conferenceA.id, email: 'standard@example.org', state: 'active', confirmedAt: now },
					{ conferenceId: fixture.conferenceA.id, email: 'einfach@example.org', edition: 'easy', state: 'active', confirmedAt: now },
					{ conferenceId: fixture.conferenceA.id, email: 'offen@example.org', state: 'pending' }
				])
				.returning();
			easyReader = rows.find((row) => row.email === 'einfach@example.org')!.id;
		});

		const publish = async (digestId: string, confirmUncheckedEasy = false, who: Exclude<ActorName, 'anonymous'> = 'newsletterEditor') =>
			await publishDigest(data, await actor(who), { digestId, confirmUncheckedEasy, origin: ORIGIN });

		it('freezes both editions, numbers the issue and fixes the recipients; a later edit of the draft changes nothing public', async () => {
			const draft = await newDraft('Frühling');
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Beschlüsse', 'Die Konferenz empfiehlt mehr Kurzzeitpflege.'));
			await writeEasy(draft.id, 'Die Konferenz hat etwas beschlossen.', 'checked');
			const result = await publish(draft.id);
			// Two active standard readers (one from the mail test above) and one easy reader; the pending one gets nothing.
			expect(result).toMatchObject({ total: 3, perEdition: { standard: 2, easy: 1 } });
			const frozen = (await publishedDigest(data, fixture.conferenceA.id, draft.id))!;
			expect(frozen.number).toBe(result.number);
			expect(frozen.htmlStandard).toContain('Kurzzeitpflege');
			expect(frozen.htmlEasy).toContain('beschlossen');
			expect(frozen.easyUnchecked).toBe(false);

			const { q, t } = data;
			const deliveries = await q.select().from(t.digestDeliveries).where(eq(t.digestDeliveries.sendId, result.sendId));
			expect(deliveries.find((d) => d.subscriberId === easyReader)?.edition).toBe('easy');
			expect(await q.select().from(t.jobs).where(eq(t.jobs.kind, 'newsletter.send'))).toHaveLength(1);
			expect(
				await q
					.select()
					.from(t.auditLog)
					.where(and(eq(t.auditLog.action, 'digest.publish'), eq(t.auditLog.subjectId, draft.id)))
			).toHaveLength(1);

			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Anders', 'Ganz anderer Text.'));
			const after = (await publishedDigest(data, fixture.conferenceA.id, draft.id))!;
			expect(after.htmlStandard).toBe(frozen.htmlStandard);
			expect(after.htmlEasy).toBe(frozen.htmlEasy);
		});

		it('the published row cannot be changed or deleted (trigger), and is not published twice', async () => {
			const { q, t } = data;
			const published = first(await q.select().from(t.digests).where(eq(t.digests.state, 'published')))!;
			expect(await refusalMessage(q.update(t.digests).set({ htmlStandard: '<p>gefälscht</p>' }).where(eq(t.digests.id, published.id)))).toMatch(
				/never changes/
			);
			expect(await refusalMessage(q.delete(t.digests).where(eq(t.digests.id, published.id)))).toMatch(/never deleted/);
			// The policy refuses a published digest before the command looks at it.
			await expect(publish(published.id)).rejects.toThrow(NotAllowed);
		});

		it('refuses an empty issue', async () => {
			expect(await refusalOf(publish((await newDraft('Leer')).id, true))).toBe('publish_standard_empty');
		});

		it('an unchecked easy edition needs the explicit confirmation, and the issue remembers it', async () => {
			const draft = await newDraft('Sommer');
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Text.'));
			await writeEasy(draft.id, 'Das ist neu.', 'draft');
			expect(await refusalOf(publish(draft.id))).toBe('publish_easy_unchecked');
			const { q, t } = data;
			expect(first(await q.select().from(t.digests).where(eq(t.digests.id, draft.id)))!.state).toBe('draft');
			expect(await q.select().from(t.digestSends).where(eq(t.digestSends.digestId, draft.id))).toHaveLength(0);
			await publish(draft.id, true);
			expect((await publishedDigest(data, fixture.conferenceA.id, draft.id))!.easyUnchecked).toBe(true);
		});

		it('a missing easy edition needs the confirmation while easy subscribers would get the standard one', async () => {
			const draft = await newDraft('Herbst');
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Text.'));
			expect(await refusalOf(publish(draft.id))).toBe('publish_easy_missing');
			const { number } = await publish(draft.id, true);
			const { digests } = data.t;
			const numbers = (await data.q.select({ number: digests.number }).from(digests).where(eq(digests.state, 'published'))).map((row) => row.number);
			expect(number).toBe(Math.max(...numbers.map(Number)));
			expect(new Set(numbers).size).toBe(numbers.length);
			expect((await publishedDigest(data, fixture.conferenceA.id, draft.id))!.htmlEasy).toBeNull();
		});

		it('members and other conferences’ people may not publish', async () => {
			const draft = await newDraft('Winter');
			await changeDocumentOn(data, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu', 'Text.'));
			for (const who of ['votingMember', 'easyChecker', 'guest', 'otherOffice'] as const)
				await expect(publish(draft.id, true, who)).rejects.toThrow(NotAllowed);
			const other = await newDraft('Fremd', fixture.conferenceB.id);
			await expect(publish(other.id, true)).rejects.toThrow(NotAllowed);
			expect(first(await data.q.select().from(data.t.digests).where(eq(data.t.digests.id, draft.id)))!.state).toBe('draft');
		});

		it('the Atom feed parses with a feed parser and names every issue', async () => {
			const issues = await publishedDigestsWithContent(data, fixture.conferenceA.id, 50);
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
});
