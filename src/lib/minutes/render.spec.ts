import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addActionItem, addDecision, BODY, readActionItems, replaceContent, seedSections } from './document';
import { bodyHtml, minutesHtml, minutesLines, safeHref } from './render';
import { MAX_DEPTH } from '../collab/docShape';

const labels = { decisions: 'Beschlüsse', actionItems: 'Aufgaben', who: 'Wer', due: 'Bis wann', point: (n: number) => `TOP ${n}` };

function paragraph(doc: Y.Doc, build: (text: Y.XmlText) => void) {
	const p = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	p.insert(0, [text]);
	doc.getXmlFragment(BODY).push([p]);
	build(text);
}

describe('minutes as HTML and lines', () => {
	it('renders sections, marks and lists, escaping every text', () => {
		const doc = new Y.Doc();
		seedSections(doc, ['Begrüßung <script>']);
		paragraph(doc, (t) => {
			t.insert(0, 'fett', { bold: {} });
			t.insert(4, ' & ', { bold: null });
			t.insert(7, 'kursiv', { italic: {} });
		});
		const list = new Y.XmlElement('bulletList');
		const item = new Y.XmlElement('listItem');
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Punkt')]);
		item.insert(0, [p]);
		list.insert(0, [item]);
		doc.getXmlFragment(BODY).push([list]);
		expect(minutesHtml(doc, labels)).toBe(
			'<h3>1. Begrüßung &lt;script&gt;</h3><p></p><p><strong>fett</strong> &amp; <em>kursiv</em></p><ul><li><p>Punkt</p></li></ul>'
		);
		expect(minutesLines(doc, labels)).toEqual(['## 1. Begrüßung <script>', '', 'fett & kursiv', '• Punkt']);
	});

	it('keeps only safe links and drops unknown markup but not its text', () => {
		const doc = new Y.Doc();
		paragraph(doc, (t) => {
			t.insert(0, 'gut', { link: { href: 'https://example.org/a?b=1&c=2' } });
			t.insert(3, ' böse', { link: { href: 'javascript:alert(1)' } });
		});
		const odd = new Y.XmlElement('iframe');
		odd.insert(0, [new Y.XmlText('Text bleibt')]);
		const forged = new Y.XmlElement('constructor');
		forged.insert(0, [new Y.XmlText('!')]);
		doc.getXmlFragment(BODY).push([odd, forged]);
		expect(minutesHtml(doc, labels)).toBe('<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">gut</a> böse</p>Text bleibt!');
		expect(safeHref('mailto:ag@example.org')).toBe('mailto:ag@example.org');
		expect(safeHref('data:text/html,x')).toBeNull();
	});

	it('lists decisions and action items with who and by when', () => {
		const doc = new Y.Doc();
		addDecision(doc, { text: 'Mehr Plätze', point: 2 });
		addActionItem(doc, { what: 'Brief schreiben', who: 'Frau Yilmaz', due: '2026-12-15', point: null });
		addActionItem(doc, { what: 'Kaputt', who: '', due: 'morgen', point: -1 });
		expect(readActionItems(doc)[1]).toMatchObject({ due: '', point: null });
		expect(minutesLines(doc, labels)).toEqual([
			'## Beschlüsse',
			'1. Mehr Plätze (TOP 2)',
			'## Aufgaben',
			'1. Brief schreiben – Wer: Frau Yilmaz – Bis wann: 15.12.2026',
			'2. Kaputt'
		]);
	});

	it('reads no due day that is not on the calendar or out of the range every date field takes', () => {
		// A forged client could write any string; the pages would format it as a date.
		const doc = new Y.Doc();
		for (const due of ['2026-13-45', '0024-05-01', '9999-12-31', '2026-02-28']) addActionItem(doc, { what: due, who: '', due, point: null });
		expect(readActionItems(doc).map((a) => a.due)).toEqual(['', '', '', '2026-02-28']);
	});

	it('compares a text outside any block by its characters, angle brackets included', () => {
		// y-prosemirror never writes such a node, a forged client may: its toString() has the marks as tags.
		const doc = new Y.Doc();
		const loose = new Y.XmlText();
		doc.getXmlFragment(BODY).insert(0, [loose]);
		loose.insert(0, 'a <b> c ');
		loose.insert(8, 'fett', { bold: {} });
		loose.insert(12, ` ${'<'.repeat(20_000)}`);
		expect(minutesLines(doc, labels)).toEqual([`a <b> c fett ${'<'.repeat(20_000)}`]);
	});

	it('replaces content with an earlier version’s, entries included', () => {
		const before = new Y.Doc();
		seedSections(before, ['Alt']);
		addDecision(before, { text: 'Alt beschlossen', point: 1 });
		const doc = new Y.Doc();
		seedSections(doc, ['Neu']);
		addDecision(doc, { text: 'Neu beschlossen', point: 1 });
		replaceContent(doc, before);
		expect(minutesLines(doc, labels)).toEqual(minutesLines(before, labels));
	});

	describe('a text nested 20,000 deep (the second attack on issue 13, stored before the server checked)', () => {
		/** 20,000 blockquotes, the innermost with a paragraph: the attack made the meeting page answer 500. */
		function deepDoc(): Y.Doc {
			const doc = new Y.Doc();
			doc.transact(() => {
				let current: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(BODY);
				for (let i = 0; i < 20_000; i++) {
					const quote = new Y.XmlElement('blockquote');
					current.insert(0, [quote]);
					current = quote;
				}
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText('tief')]);
				current.insert(0, [p]);
			});
			doc.getXmlFragment(BODY).push([new Y.XmlElement('paragraph')]);
			return doc;
		}
		const doc = deepDoc();

		it('renders as HTML: markup as deep as a document may go, the text below it', () => {
			const html = bodyHtml(doc);
			// The body is level 1: quotes on levels 2 to MAX_DEPTH keep their markup.
			const quotes = MAX_DEPTH - 1;
			expect(html).toBe(`${'<blockquote>'.repeat(quotes)}tief${'</blockquote>'.repeat(quotes)}<p></p>`);
		});

		it('gives its lines, marked as deep as a document may go', () => {
			expect(minutesLines(doc, labels)).toEqual([`${'> '.repeat(MAX_DEPTH - 1)}tief`, '']);
		});

		it('is restored from, as deep as a document may go, keeping its text', () => {
			const target = new Y.Doc();
			seedSections(target, ['Neu']);
			replaceContent(target, doc);
			expect(bodyHtml(target)).toBe(bodyHtml(doc));
		});
	});
});
