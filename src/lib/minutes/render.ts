import * as Y from 'yjs';
import { MAX_DEPTH } from '../collab/docShape';
import { BODY, HEADING_LEVELS, readActionItems, readDecisions, type ActionItem, type Decision } from './document';

/**
 * The minutes as HTML and as lines of text, read straight from the Yjs document: for pages
 * without JavaScript, for the approved record in SQLite and for comparing versions. Only the
 * nodes and marks the editor offers become elements; every text is escaped and links keep only
 * http(s) and mailto addresses, so the HTML is safe to show as it is.
 *
 * Every walk over the text is a loop with a stack of its own, never recursion: a document nested
 * deeper than the server takes today (one stored before it checked, see collab/docShape.ts) must
 * render, not overflow the stack. Nodes below `MAX_DEPTH` keep their text and lose their markup,
 * as unknown nodes do.
 */
export interface MinutesLabels {
	decisions: string;
	actionItems: string;
	who: string;
	due: string;
	/** "Agenda point {n}" */
	point: (n: number) => string;
}

const BLOCK_TAGS: Record<string, string> = {
	paragraph: 'p',
	blockquote: 'blockquote',
	bulletList: 'ul',
	orderedList: 'ol',
	listItem: 'li',
	codeBlock: 'pre'
};
const VOID_TAGS: Record<string, string> = { hardBreak: 'br', horizontalRule: 'hr' };
/** Marks, outermost first, so the same text always gives the same HTML. */
const MARK_TAGS: [string, string][] = [
	['bold', 'strong'],
	['italic', 'em'],
	['underline', 'u'],
	['strike', 's'],
	['code', 'code']
];

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function safeHref(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	try {
		const url = new URL(value.trim());
		return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
	} catch {
		return null;
	}
}

interface DeltaOp {
	insert?: unknown;
	attributes?: Record<string, unknown>;
}

function textHtml(text: Y.XmlText): string {
	let html = '';
	for (const op of text.toDelta() as DeltaOp[]) {
		if (typeof op.insert !== 'string') continue;
		let piece = escapeHtml(op.insert);
		const attributes = op.attributes ?? {};
		for (const [mark, tag] of [...MARK_TAGS].reverse()) if (attributes[mark]) piece = `<${tag}>${piece}</${tag}>`;
		const link = attributes.link as { href?: unknown } | undefined;
		const href = link ? safeHref(link.href) : null;
		if (href) piece = `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${piece}</a>`;
		html += piece;
	}
	return html;
}

function headingLevel(value: unknown): number {
	const level = Number(value);
	return (HEADING_LEVELS as readonly number[]).includes(level) ? level : HEADING_LEVELS[0];
}

type XmlNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** Depth of the body's own children: the body, a top-level type, is 1 (as docShape.ts counts). */
const TOP = 2;

/** The tags an element opens and closes, or a void tag; none for unknown nodes. */
function tagsOf(node: Y.XmlElement): { open: string; close: string } {
	if (node.nodeName === 'heading') {
		const level = headingLevel(node.getAttribute('level'));
		return { open: `<h${level}>`, close: `</h${level}>` };
	}
	// Own properties only: a node named "constructor" must not find Object's.
	if (Object.hasOwn(VOID_TAGS, node.nodeName)) return { open: `<${VOID_TAGS[node.nodeName]}>`, close: '' };
	const tag = Object.hasOwn(BLOCK_TAGS, node.nodeName) ? BLOCK_TAGS[node.nodeName] : undefined;
	if (tag === 'pre') return { open: '<pre><code>', close: '</code></pre>' };
	// Unknown nodes (from a newer editor, or a forged client) keep their text, never their markup.
	return tag ? { open: `<${tag}>`, close: `</${tag}>` } : { open: '', close: '' };
}

export function bodyHtml(doc: Y.Doc): string {
	let html = '';
	// What is still to write, last first: nodes with their depth, and closing tags of open ones.
	const stack: ({ node: XmlNode; depth: number } | string)[] = [];
	const pushChildren = (nodes: XmlNode[], depth: number) => {
		for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i], depth });
	};
	pushChildren(doc.getXmlFragment(BODY).toArray(), TOP);
	while (stack.length > 0) {
		const entry = stack.pop()!;
		if (typeof entry === 'string') {
			html += entry;
			continue;
		}
		const { node, depth } = entry;
		if (node instanceof Y.XmlText) {
			html += textHtml(node);
			continue;
		}
		if (!(node instanceof Y.XmlElement)) continue;
		const isVoid = Object.hasOwn(VOID_TAGS, node.nodeName);
		if (depth <= MAX_DEPTH) {
			const { open, close } = tagsOf(node);
			html += open;
			if (isVoid) continue;
			if (close) stack.push(close);
		} else if (isVoid) continue;
		pushChildren(node.toArray(), depth + 1);
	}
	return html;
}

function formatDue(due: string): string {
	const [y, m, d] = due.split('-');
	return `${d}.${m}.${y}`;
}

function entriesHtml(decisions: Decision[], actions: ActionItem[], labels: MinutesLabels): string {
	let html = '';
	const pointOf = (p: number | null) => (p ? ` <span class="point">(${escapeHtml(labels.point(p))})</span>` : '');
	if (decisions.length > 0) {
		html += `<section class="decisions"><h3>${escapeHtml(labels.decisions)}</h3><ol>`;
		for (const d of decisions) html += `<li>${escapeHtml(d.text)}${pointOf(d.point)}</li>`;
		html += '</ol></section>';
	}
	if (actions.length > 0) {
		html += `<section class="action-items"><h3>${escapeHtml(labels.actionItems)}</h3><ol>`;
		for (const a of actions) {
			const meta = [a.who && `${labels.who}: ${a.who}`, a.due && `${labels.due}: ${formatDue(a.due)}`].filter(Boolean).join(' · ');
			html += `<li>${escapeHtml(a.what)}${meta ? ` <span class="meta">(${escapeHtml(meta)})</span>` : ''}${pointOf(a.point)}</li>`;
		}
		html += '</ol></section>';
	}
	return html;
}

/** The whole minutes: text, then decisions, then action items. */
export function minutesHtml(doc: Y.Doc, labels: MinutesLabels): string {
	return bodyHtml(doc) + entriesHtml(readDecisions(doc), readActionItems(doc), labels);
}

/** The characters of a text node, without its marks (toString would write them as tags). */
function plainText(text: Y.XmlText): string {
	return (text.toDelta() as DeltaOp[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** One line per block, with the marks of the lists and quotes it is in (theirs stop at `MAX_DEPTH`). */
/** The rich text alone, one line per block (lists with their marks): a digest's plain-text part, an easy edition's source. */
export function bodyText(doc: Y.Doc): string[] {
	const lines: string[] = [];
	bodyLines(doc, lines);
	return lines;
}

function bodyLines(doc: Y.Doc, out: string[]): void {
	const stack: { node: XmlNode; prefix: string; depth: number }[] = [];
	const pushChildren = (nodes: XmlNode[], depth: number, prefix: (i: number) => string) => {
		for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i], prefix: prefix(i), depth });
	};
	pushChildren(doc.getXmlFragment(BODY).toArray(), TOP, () => '');
	while (stack.length > 0) {
		const { node, prefix, depth } = stack.pop()!;
		if (node instanceof Y.XmlText) {
			// Not toString() with its tags stripped by a pattern: that took text such as `a <b> c` for
			// a tag too, and a text of many `<` without `>` cost n².
			out.push(prefix + plainText(node));
			continue;
		}
		if (!(node instanceof Y.XmlElement)) continue;
		const marked = depth <= MAX_DEPTH;
		if (node.nodeName === 'heading') out.push('#'.repeat(headingLevel(node.getAttribute('level')) - 1) + ' ' + inlineText(node));
		else if (node.nodeName === 'paragraph' || node.nodeName === 'codeBlock') out.push(prefix + inlineText(node));
		else if (node.nodeName === 'horizontalRule') out.push('---');
		else if (node.nodeName === 'listItem' && marked) pushChildren(node.toArray(), depth + 1, (i) => (i === 0 ? prefix + '• ' : prefix + '  '));
		else if (node.nodeName === 'blockquote' && marked) pushChildren(node.toArray(), depth + 1, () => prefix + '> ');
		else pushChildren(node.toArray(), depth + 1, () => prefix);
	}
}

function inlineText(node: Y.XmlElement): string {
	return node
		.toArray()
		.map((child) => (child instanceof Y.XmlText ? plainText(child) : child instanceof Y.XmlElement && child.nodeName === 'hardBreak' ? ' ' : ''))
		.join('');
}

/** One line per block and per entry: what versions are compared on. */
export function minutesLines(doc: Y.Doc, labels: MinutesLabels): string[] {
	const lines: string[] = [];
	bodyLines(doc, lines);
	const decisions = readDecisions(doc);
	const actions = readActionItems(doc);
	if (decisions.length > 0)
		lines.push(`## ${labels.decisions}`, ...decisions.map((d, i) => `${i + 1}. ${d.text}${d.point ? ` (${labels.point(d.point)})` : ''}`));
	if (actions.length > 0)
		lines.push(
			`## ${labels.actionItems}`,
			...actions.map(
				(a, i) =>
					`${i + 1}. ${a.what}${a.who ? ` – ${labels.who}: ${a.who}` : ''}${a.due ? ` – ${labels.due}: ${formatDue(a.due)}` : ''}${a.point ? ` (${labels.point(a.point)})` : ''}`
			)
		);
	return lines.filter((line, i, all) => line.trim() !== '' || (i > 0 && all[i - 1].trim() !== ''));
}
