/**
 * An Atom 1.0 feed (RFC 4287) of a conference's published issues. Every text is escaped for XML,
 * and characters XML 1.0 cannot carry at all (control characters, lone surrogates) are dropped
 * rather than written into a document no reader could parse.
 */
export interface FeedEntry {
	title: string;
	/** The public page: its alternate link and, being permanent, its id. */
	url: string;
	publishedAt: Date;
	/** The frozen HTML fragment, sent as escaped `type="html"` content. */
	html: string;
}

export interface Feed {
	/** The archive's address: the feed's id and its alternate link. */
	archiveUrl: string;
	selfUrl: string;
	title: string;
	author: string;
	/** When the feed last changed; the newest entry's date, else a fixed date such as the conference's start. */
	updated: Date;
	entries: FeedEntry[];
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
	return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function atomFeed(feed: Feed): string {
	const entries = feed.entries.map(
		(entry) =>
			'\t<entry>\n' +
			`\t\t<id>${xmlText(entry.url)}</id>\n` +
			`\t\t<title type="text">${xmlText(entry.title)}</title>\n` +
			`\t\t<published>${entry.publishedAt.toISOString()}</published>\n` +
			// A published issue never changes: it was last updated when it was published.
			`\t\t<updated>${entry.publishedAt.toISOString()}</updated>\n` +
			`\t\t<link rel="alternate" type="text/html" href="${xmlText(entry.url)}"/>\n` +
			`\t\t<content type="html">${xmlText(entry.html)}</content>\n` +
			'\t</entry>\n'
	);
	return (
		'<?xml version="1.0" encoding="utf-8"?>\n' +
		'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">\n' +
		`\t<id>${xmlText(feed.archiveUrl)}</id>\n` +
		`\t<title type="text">${xmlText(feed.title)}</title>\n` +
		`\t<updated>${feed.updated.toISOString()}</updated>\n` +
		`\t<link rel="self" type="application/atom+xml" href="${xmlText(feed.selfUrl)}"/>\n` +
		`\t<link rel="alternate" type="text/html" href="${xmlText(feed.archiveUrl)}"/>\n` +
		`\t<author><name>${xmlText(feed.author)}</name></author>\n` +
		entries.join('') +
		'</feed>\n'
	);
}
