import { and, eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { digestDoc } from '../../collab/kinds/digest';
import { joinText } from '../../easy/standardTexts';
import { easyLines, EASY_TEXT_MAX, sourceFingerprint } from '../../easy/versions';
import type { Pictogram } from '../../easy/pictograms';
import { bodyHtml, bodyText, escapeHtml, safeHref } from '../../minutes/render';
import { m } from '$lib/paraglide/messages';
import { readDocumentUnlessBrokenOn } from '../collab/readDocument';
import { first, type Data, type Query } from '../db/client';
import type { Edition } from '../db/schema';

/**
 * A digest as readers get it: the standard edition from the live document (Tiptap's HTML, the
 * minutes' renderer), the easy edition from its easy-language text. Drafts are rendered for the
 * preview and the test mail; publishing freezes exactly this into the digests row, so the public
 * page, the feed and every mail show the same record.
 *
 * Both fragments are built from escaped text and tags chosen here, never from HTML someone
 * typed, and carry their layout as inline styles (mail clients drop style sheets): the same
 * fragment goes into the web page and into the mail. Pictograms are addressed from the site's
 * root (`/pictograms/…`); the mail makes them absolute (digestMail.ts).
 */
export interface RenderedEdition {
	edition: Edition;
	/** A sanitized HTML fragment: headings, paragraphs, lists, links; no page chrome. */
	html: string;
	text: string;
}

export interface RenderedDigest {
	title: string;
	standard: RenderedEdition;
	/** Null while nobody has written the easy edition. */
	easy: RenderedEdition | null;
	/** The easy edition's sign-off: `checked` by the Prüfgruppe, or still a `draft`. */
	easyStatus: 'missing' | 'draft' | 'checked';
	/** The live document could not be opened: the standard edition is shown empty, and publishing refuses. */
	standardUnreadable: boolean;
	/** The standard text changed after the easy edition was written: it may say something old. */
	easyOutdated: boolean;
}

/** The frozen editions are German, whatever language the editor's pages are in. */
const DE = { locale: 'de' } as const;

/** Links as `<a href="…" rel="noopener noreferrer">` exactly as bodyHtml writes them (escaped, http(s)/mailto only). */
const RENDERED_LINK = /<a href="([^"]*)" rel="noopener noreferrer">/g;

function unescapeHtml(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

/**
 * The plain-text part keeps the links the HTML has: the text loses them with their marks, so the
 * addresses follow as a list, each once, in the order they first appear.
 */
function standardText(html: string, lines: string[]): string {
	const hrefs = [...new Set([...html.matchAll(RENDERED_LINK)].map((match) => unescapeHtml(match[1])))];
	const body = lines
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	if (hrefs.length === 0) return body;
	return `${body}\n\n${m.publish_text_links({}, DE)}\n${hrefs.map((href) => `- ${href}`).join('\n')}`;
}

/**
 * The pictogram for a paragraph of the easy edition, from its words; `information` when none fits.
 * Decorative (`alt=""`): the sentences beside it say everything, the picture only helps to find
 * one's way, as on the easy pages (components/easy/Pictogram.svelte).
 */
const PICTOGRAM_WORDS: [Pictogram, RegExp][] = [
	['decision', /beschlo|beschluss|entschied|empfehl|abgestimmt/i],
	['calendar', /termin|datum|\b\d{1,2}\.\s*(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)|\buhr\b/i],
	['meetings', /treffen|sitzung|versammlung|arbeits-?gruppe/i],
	['money', /\bgeld\b|\beuro\b|€/i],
	['contact', /telefon|e-?mail|kontakt|anrufen|schreiben sie/i],
	['help', /hilfe|helfen|fragen/i]
];

function pictogramFor(lines: string[]): Pictogram {
	const text = lines.join(' ');
	return PICTOGRAM_WORDS.find(([, words]) => words.test(text))?.[0] ?? 'information';
}

/** Web addresses in an easy line become links (http(s) only); the punctuation after one stays text. */
const WEB_ADDRESS = /https?:\/\/[^\s<>"]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

function easyLineHtml(line: string): string {
	let html = '';
	let from = 0;
	for (const match of line.matchAll(WEB_ADDRESS)) {
		const address = match[0].replace(TRAILING_PUNCTUATION, '');
		const href = safeHref(address);
		if (!href) continue;
		html += escapeHtml(line.slice(from, match.index));
		html += `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(address)}</a>`;
		from = match.index + address.length;
	}
	return html + escapeHtml(line.slice(from));
}

/**
 * The easy edition: its paragraphs (separated by an empty line) each beside a pictogram, one
 * sentence per line, in large type with generous line spacing. A layout table, not flexbox:
 * mail clients that ignore flexbox still keep the picture beside the text.
 */
function easyEdition(body: string): RenderedEdition {
	// The form keeps texts within EASY_TEXT_MAX; a row written some other way is cut, never rendered unbounded.
	const paragraphs = body
		.replace(/\r\n/g, '\n')
		.slice(0, 2 * EASY_TEXT_MAX)
		.split(/\n[ \t]*\n/)
		.map(easyLines)
		.filter((lines) => lines.length > 0);
	const html = paragraphs
		.map((lines) => {
			const picture = `<img src="/pictograms/${pictogramFor(lines)}.svg" alt="" width="48" height="48" style="display:block;border:0">`;
			const sentences = lines.map((line) => `<p style="font-size:22px;line-height:1.6;margin:0 0 8px;text-align:left">${easyLineHtml(line)}</p>`).join('');
			return (
				'<table role="presentation" style="border-collapse:collapse;width:100%;margin:0 0 24px"><tr>' +
				`<td style="width:48px;padding:4px 16px 0 0;vertical-align:top">${picture}</td>` +
				`<td style="vertical-align:top">${sentences}</td>` +
				'</tr></table>'
			);
		})
		.join('');
	return { edition: 'easy', html, text: paragraphs.map((lines) => lines.join('\n')).join('\n\n') };
}

/**
 * The editor offers the minutes' heading levels (h3, h4: minutes sit under a page's h1 and h2).
 * In an issue they follow its title (h1) directly, as h2 and h3, so the outline has no gap.
 * Only tags written by bodyHtml match: every text in the fragment is escaped.
 */
function issueHeadings(html: string): string {
	return html.replace(/<(\/?)h([34])>/g, (_, slash: string, level: string) => `<${slash}h${Number(level) - 1}>`);
}

/** The standard edition as read from the live document: its HTML and its lines of text. */
interface StandardRead {
	html: string;
	lines: string[];
}

const readStandard = (doc: Y.Doc): StandardRead => ({ html: issueHeadings(bodyHtml(doc)), lines: bodyText(doc) });

type EasyRow = { body: string; status: 'draft' | 'checked'; sourceFingerprint: string } | undefined;

function rendered(title: string, standard: StandardRead | null, easy: EasyRow): RenderedDigest {
	return {
		title,
		standard: { edition: 'standard', html: standard?.html ?? '', text: standard ? standardText(standard.html, standard.lines) : '' },
		easy: easy ? easyEdition(easy.body) : null,
		easyStatus: easy?.status ?? 'missing',
		standardUnreadable: standard === null,
		// The same fingerprint the easy-text editor compares (server/easy/sources/digests.ts).
		easyOutdated: easy !== undefined && standard !== null && sourceFingerprint(joinText(...standard.lines)) !== easy.sourceFingerprint
	};
}

/**
 * The draft's standard edition as its live document holds it now (null: it cannot be opened), for
 * `renderDraftOn`: read before a transaction, which awaits nothing but its own statements.
 */
export type DraftStandard = StandardRead | null;

export function readDraftStandardOn(data: Data, digestId: string): Promise<DraftStandard> {
	return readDocumentUnlessBrokenOn(data, digestDoc(digestId), readStandard);
}

/**
 * The digest's editions as they would be published now (throws when there is no such digest): the title and the easy edition read through `tx` (inside the
 * publishing transaction), the standard edition as `readDraftStandardOn` read it.
 */
export async function renderDraftOn(data: Data, digestId: string, standard: DraftStandard, tx: Query = data.q): Promise<RenderedDigest> {
	const { digests, easyTexts } = data.t;
	const digest = first(await tx.select({ id: digests.id, title: digests.title }).from(digests).where(eq(digests.id, digestId)));
	if (!digest) throw new Error(`renderDraftOn: no digest ${digestId}`);
	const easy = first(
		await tx
			.select({ body: easyTexts.body, status: easyTexts.status, sourceFingerprint: easyTexts.sourceFingerprint })
			.from(easyTexts)
			.where(and(eq(easyTexts.kind, 'digest'), eq(easyTexts.subjectId, digest.id)))
	);
	return rendered(digest.title, standard, easy);
}
