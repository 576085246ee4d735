import * as Y from 'yjs';
import { BODY, HEADING_LEVELS } from '../../minutes/document';

export interface SuggestionBlock {
	title: string;
	summary: string;
	/** Absolute: the issue is read in mail programs and on other sites. */
	href: string;
	/** The sentence with the link: the text before it, the link's words, the text after it. */
	more: { before: string; link: string; after: string };
}

/**
 * A suggestion as the editor would have typed it, appended to the text: a heading, the
 * summary, and a paragraph with the link, stored the way y-prosemirror stores Tiptap's nodes
 * and the link mark, so open editors show it like anyone's typing and can change it.
 */
export function appendSuggestionBlock(doc: Y.Doc, block: SuggestionBlock): void {
	const body = doc.getXmlFragment(BODY);
	const heading = new Y.XmlElement('heading');
	heading.setAttribute('level', HEADING_LEVELS[0] as unknown as string);
	heading.insert(0, [new Y.XmlText(block.title)]);
	const blocks = [heading];
	if (block.summary) {
		const summary = new Y.XmlElement('paragraph');
		summary.insert(0, [new Y.XmlText(block.summary)]);
		blocks.push(summary);
	}
	// The link sits inside a sentence: a link alone on its line would be a small target to tap.
	const more = new Y.XmlElement('paragraph');
	// Positions counted here: a text not yet in a document has no length until it is added.
	const { before, link, after } = block.more;
	const text = new Y.XmlText();
	text.insert(0, before);
	text.insert(before.length, link, { link: { href: block.href } });
	// Without `link: null` the words after would take the link's format from the text before them.
	text.insert(before.length + link.length, after, { link: null });
	more.insert(0, [text]);
	blocks.push(more);
	// An issue begun and left empty holds Tiptap's one empty paragraph: the block takes its place.
	if (body.length === 1 && isEmptyParagraph(body.get(0))) body.delete(0, 1);
	body.insert(body.length, blocks);
}

function isEmptyParagraph(node: Y.XmlElement | Y.XmlText): boolean {
	return node instanceof Y.XmlElement && node.nodeName === 'paragraph' && node.toArray().every((child) => child instanceof Y.XmlText && child.length === 0);
}
