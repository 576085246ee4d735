import * as Y from 'yjs';
import { BODY, HEADING_LEVELS, readActionItems, readDecisions, type ActionItem, type Decision } from './document';

/**
 * The minutes as HTML and as lines of text, read straight from the Yjs document: for pages
 * without JavaScript, for the approved record in SQLite and for comparing versions. Only the
 * nodes and marks the editor offers become elements; every text is escaped and links keep only
 * http(s) and mailto addresses, so the HTML is safe to show as it is.
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

function nodeHtml(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
	if (node instanceof Y.XmlText) return textHtml(node);
	if (!(node instanceof Y.XmlElement)) return '';
	const children = () => node.toArray().map(nodeHtml).join('');
	if (node.nodeName === 'heading') {
		const level = headingLevel(node.getAttribute('level'));
		return `<h${level}>${children()}</h${level}>`;
	}
	// Own properties only: a node named "constructor" must not find Object's.
	if (Object.hasOwn(VOID_TAGS, node.nodeName)) return `<${VOID_TAGS[node.nodeName]}>`;
	const tag = Object.hasOwn(BLOCK_TAGS, node.nodeName) ? BLOCK_TAGS[node.nodeName] : undefined;
	if (tag === 'pre') return `<pre><code>${children()}</code></pre>`;
	// Unknown nodes (from a newer editor, or a forged client) keep their text, never their markup.
	return tag ? `<${tag}>${children()}</${tag}>` : children();
}

export function bodyHtml(doc: Y.Doc): string {
	return doc.getXmlFragment(BODY).toArray().map(nodeHtml).join('');
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

function nodeLines(node: Y.XmlElement | Y.XmlText | Y.XmlHook, prefix: string, out: string[]): void {
	if (node instanceof Y.XmlText) {
		// Not toString() with its tags stripped by a pattern: that took text such as `a <b> c` for
		// a tag too, and a text of many `<` without `>` cost n².
		out.push(prefix + plainText(node));
		return;
	}
	if (!(node instanceof Y.XmlElement)) return;
	const children = node.toArray();
	if (node.nodeName === 'heading') out.push('#'.repeat(headingLevel(node.getAttribute('level')) - 1) + ' ' + inlineText(node));
	else if (node.nodeName === 'paragraph' || node.nodeName === 'codeBlock') out.push(prefix + inlineText(node));
	else if (node.nodeName === 'listItem') children.forEach((child, i) => nodeLines(child, i === 0 ? prefix + '• ' : prefix + '  ', out));
	else if (node.nodeName === 'blockquote') for (const child of children) nodeLines(child, prefix + '> ', out);
	else if (node.nodeName === 'horizontalRule') out.push('---');
	else for (const child of children) nodeLines(child, prefix, out);
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
	for (const node of doc.getXmlFragment(BODY).toArray()) nodeLines(node, '', lines);
	const decisions = readDecisions(doc);
	const actions = readActionItems(doc);
	if (decisions.length > 0) lines.push(`## ${labels.decisions}`, ...decisions.map((d, i) => `${i + 1}. ${d.text}${d.point ? ` (${labels.point(d.point)})` : ''}`));
	if (actions.length > 0)
		lines.push(
			`## ${labels.actionItems}`,
			...actions.map((a, i) => `${i + 1}. ${a.what}${a.who ? ` – ${labels.who}: ${a.who}` : ''}${a.due ? ` – ${labels.due}: ${formatDue(a.due)}` : ''}${a.point ? ` (${labels.point(a.point)})` : ''}`)
		);
	return lines.filter((line, i, all) => line.trim() !== '' || (i > 0 && all[i - 1].trim() !== ''));
}
