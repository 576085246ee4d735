import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestDoc } from '../../src/lib/collab/kinds/digest';
import { BODY } from '../../src/lib/minutes/document';
import { changeDocument } from '../../src/lib/server/collab/changeDocument';
import { digests, easyTexts, newsletterSubscribers } from '../../src/lib/server/db/schema';
import { digestMail } from '../../src/lib/server/newsletter/mail/digestMail';
import { renderDraft } from '../../src/lib/server/newsletter/render';
import { tempDatabase } from './support/db';
import { buildFixture } from './support/fixture';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
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

describe('renderDraft', () => {
	it('renders the live document escaped, keeps the links in the text part, and the easy edition one sentence a line', async () => {
		const draft = newDraft('Ausgabe <Mai>');
		await changeDocument(db, digestDoc(draft.id), (doc) => writeBody(doc, 'Neu <script>', 'Die Empfehlung zur Pflege', 'https://example.org/a?b=1&c=2'));
		writeEasy(draft.id, 'Die Konferenz hat etwas beschlossen. Es geht um Pflege.\n\nDas nächste Treffen ist am 3. Mai.\nMehr: https://example.org/x.', 'draft');
		const rendered = renderDraft(db, draft.id);
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

	it('says so when nobody wrote the easy edition', () => {
		const draft = newDraft('Leer');
		const rendered = renderDraft(db, draft.id);
		expect(rendered).toMatchObject({ easy: null, easyStatus: 'missing', standardUnreadable: false, standard: { html: '', text: '' } });
	});
});

describe('digestMail', () => {
	it('has the RFC 8058 headers, List-Id, a text part, lang, the browser, unsubscribe and preferences links and the imprint', () => {
		const subscriber = db
			.insert(newsletterSubscribers)
			.values({ conferenceId: fixture.conferenceA.id, email: 'leser@example.org', state: 'active', confirmedAt: new Date() })
			.returning()
			.get();
		const draft = newDraft('Juni');
		const mail = digestMail(db, {
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
		expect(mail.headers['List-Id']).toBe(`"Konferenz A" <newsletter.${fixture.conferenceA.id}.ratschlag.example>`);
		expect(mail.html).toContain('<html lang="de">');
		expect(mail.html).toContain('role="presentation"');
		expect(mail.html).toContain(`${ORIGIN}/oeffentlich/${fixture.conferenceA.id}/newsletter/${draft.id}"`);
		expect(mail.html).toContain(`${ORIGIN}/newsletter/einstellungen/`);
		expect(mail.html).toContain('Impressum');
		expect(mail.text).toContain('Hallo');
		expect(mail.text).toContain(`${ORIGIN}/newsletter/abmelden/`);
		expect(mail.html).not.toMatch(/<img[^>]+(width="1"|height="1")/);
	});

	it('a test mail says so and carries no unsubscribe headers', () => {
		const draft = newDraft('Test');
		const mail = digestMail(db, {
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
		expect(mail.subject).toMatch(/^\[Test-Mail/);
		expect(mail.headers).toEqual({});
		expect(mail.html).toContain(`src="${ORIGIN}/pictograms/information.svg"`);
		expect(mail.html).toContain(`/conferences/${fixture.conferenceA.id}/newsletter/${draft.id}/preview`);
	});
});
