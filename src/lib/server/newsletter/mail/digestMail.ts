import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { escapeHtml } from '../../../minutes/render';
import type { Db } from '../../db';
import { first, type Data } from '../../db/client';
import type { Edition } from '../../db/schema';
import type { OutgoingMail } from '../../mail/transport';
import { subscriberLinkKeysOn, subscriberLinks } from '../links';
import { digestPublicPath } from '../paths';

/**
 * One digest mail for one recipient: accessible HTML (lang, real headings, layout tables with
 * role="presentation", no tracking) and a plain-text part, a "read in the browser" link, the
 * visible unsubscribe link, and the RFC 8058 headers.
 */
export interface DigestMailInput {
	conference: { id: string; name: string };
	digest: { id: string; number: number | null; title: string; publishedAt: Date | null };
	edition: Edition;
	/** The edition's frozen (or, for a test mail, freshly rendered) HTML fragment and text. */
	body: { html: string; text: string };
	/** Null for a test mail to an editor: no unsubscribe headers then. */
	subscriber: { id: string; tokenVersion: number; email: string; name: string | null } | null;
	to: string;
	origin: string;
	/** Stable per delivery, so a copy sent again after a crash can be recognised. */
	messageId: string;
	/** A test mail says so in its subject and first line. */
	test?: boolean;
}

export interface DigestMail extends OutgoingMail {
	/** `List-Unsubscribe`, `List-Unsubscribe-Post`, `List-Id`, … */
	headers: Record<string, string>;
}

/** The digests are written in German; the easy edition's words around the text are Leichte Sprache. */
const DE = { locale: 'de' } as const;
const LANG = 'de';

/**
 * Colours and type as inline styles: mail clients drop style sheets and many ignore `<style>`.
 * Text #1a1a1a and links #1d4ed8 on white, the small print #4a4a4a: all above 4.5:1.
 */
const FONT = 'font-family:Arial,Helvetica,sans-serif';
const LINK = 'color:#1d4ed8;text-decoration:underline';
const SMALL = `${FONT};font-size:15px;line-height:1.5;color:#4a4a4a`;

/**
 * The display name of `List-Id` from text someone typed (a conference's name): one line, without
 * the characters that would end the phrase early; plain words when it is ASCII, else RFC 2047
 * encoded words of at most ten characters each (well under the 75 an encoded word may have).
 * Never quoted: nodemailer would encode a quoted phrase together with the `<list-id>` after it.
 */
function listName(text: string): string {
	const name = text
		.replace(/[\p{Cc}"\\<>()[\]@,;:.]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 100);
	if (/^[\x20-\x7e]*$/.test(name)) return name;
	const chars = Array.from(name);
	const words: string[] = [];
	for (let i = 0; i < chars.length; i += 10) words.push(`=?UTF-8?B?${Buffer.from(chars.slice(i, i + 10).join(''), 'utf8').toString('base64')}?=`);
	return words.join(' ');
}

/**
 * `List-Id` (RFC 2919): the conference's list under the site's host, stable for as long as the
 * conference exists, so a reader's filter keeps working from issue to issue.
 */
function listId(conference: { id: string; name: string }, origin: string): string {
	const host = new URL(origin).hostname.replace(/[^a-z0-9.-]/gi, '') || 'localhost';
	return `${listName(conference.name)} <newsletter.${conference.id}.${host}>`;
}

/** The words around the text, in standard German or in Leichte Sprache. */
function words(input: DigestMailInput) {
	const easy = input.edition === 'easy';
	return {
		newsletter: easy
			? m.publish_mail_easy_newsletter({ conference: input.conference.name }, DE)
			: m.publish_mail_newsletter({ conference: input.conference.name }, DE),
		issue: input.digest.number === null ? null : m.publish_mail_issue({ number: input.digest.number }, DE),
		test: m.publish_mail_test({}, DE),
		testSubject: m.publish_mail_test_subject({}, DE),
		browser: easy ? m.publish_mail_easy_browser({}, DE) : m.publish_mail_browser({}, DE),
		preview: m.publish_mail_preview({}, DE),
		about: easy ? m.publish_mail_easy_about({}, DE) : m.publish_mail_about({}, DE),
		why: easy ? m.publish_mail_easy_why({}, DE) : m.publish_mail_why({ conference: input.conference.name }, DE),
		unsubscribe: easy ? m.publish_mail_easy_unsubscribe({}, DE) : m.publish_mail_unsubscribe({}, DE),
		preferences: easy ? m.publish_mail_easy_preferences({}, DE) : m.publish_mail_preferences({}, DE),
		imprint: m.publish_mail_imprint({}, DE),
		testNoLinks: m.publish_mail_test_no_links({}, DE)
	};
}

/**
 * Where the issue can be read on the web: its public page once published; a test mail of a
 * draft points to the editors' preview instead (the public page does not exist yet).
 */
function browserUrl(input: DigestMailInput): string {
	if (input.digest.publishedAt === null) return `${input.origin}/conferences/${input.conference.id}/newsletter/${input.digest.id}/preview`;
	return input.origin + digestPublicPath(input.conference.id, input.digest.id, input.edition);
}

/** The pictograms of the easy edition are addressed from the site's root; a mail needs them absolute. */
function absoluteImages(html: string, origin: string): string {
	return html.replaceAll('src="/pictograms/', `src="${escapeHtml(origin)}/pictograms/`);
}

/** The conference's contact lines for the imprint (its address and phone, where set). */
export async function digestContactOn(data: Data, conferenceId: string): Promise<string[]> {
	const { conferences } = data.t;
	const settings = first(await data.q.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)))?.settings;
	return [settings?.contactEmail, settings?.contactPhone].filter((v): v is string => Boolean(v));
}

/** One digest mail, its conference's contact read through the data layer (see `digestMailWith` for many mails of one issue). */
export async function digestMailOn(data: Data, input: DigestMailInput): Promise<DigestMail> {
	return digestMailWith(subscriberLinkKeysOn(data), await digestContactOn(data, input.conference.id), input);
}

/**
 * One digest mail from what its issue shares: the key of the subscriber links (`subscriberLinkKeysOn`)
 * and the conference's contact lines (`digestContactOn`), read once for a batch of mails.
 */
export function digestMailWith(keys: Pick<Db, '$client'>, contact: string[], input: DigestMailInput): DigestMail {
	const w = words(input);
	const links = input.subscriber && !input.test ? subscriberLinks(keys, input.origin, input.subscriber) : null;
	const browser = browserUrl(input);
	const easy = input.edition === 'easy';
	const heading = w.issue ? `${w.issue}: ${input.digest.title}` : input.digest.title;
	const subject = `${input.test ? `[${w.testSubject}] ` : ''}${input.digest.title} – ${w.newsletter}`;

	const e = escapeHtml;
	const row = (content: string, style = '') => `<tr><td style="padding:0 16px;${style}">${content}</td></tr>`;
	const bodyStyle = easy ? `${FONT};font-size:22px;line-height:1.6;color:#1a1a1a` : `${FONT};font-size:17px;line-height:1.55;color:#1a1a1a`;
	const footer = [
		`<h2 style="${FONT};font-size:18px;line-height:1.3;color:#1a1a1a;margin:0 0 8px">${e(w.about)}</h2>`,
		w.why
			.split('\n')
			.map((line) => `<p style="${SMALL};margin:0 0 8px">${e(line)}</p>`)
			.join(''),
		links
			? `<p style="${SMALL};margin:0 0 8px"><a href="${e(links.unsubscribe)}" style="${LINK}">${e(w.unsubscribe)}</a></p>` +
				`<p style="${SMALL};margin:0 0 16px"><a href="${e(links.preferences)}" style="${LINK}">${e(w.preferences)}</a></p>`
			: `<p style="${SMALL};margin:0 0 16px">${e(w.testNoLinks)}</p>`,
		`<h2 style="${FONT};font-size:16px;line-height:1.3;color:#1a1a1a;margin:0 0 4px">${e(w.imprint)}</h2>`,
		`<p style="${SMALL};margin:0">${[input.conference.name, ...contact].map(e).join('<br>')}</p>`
	].join('');

	const html =
		`<!doctype html><html lang="${LANG}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>${e(subject)}</title></head>` +
		`<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a">` +
		// A landmark for the mail opened on its own (a browser, a client that shows the whole document);
		// webmail that strips it loses nothing else.
		`<main lang="${LANG}">` +
		`<table role="presentation" style="border-collapse:collapse;width:100%;max-width:640px;margin:0 auto">` +
		(input.test ? row(`<p style="${FONT};font-size:17px;font-weight:bold;margin:16px 0 0;padding:8px;border:2px solid #1a1a1a">${e(w.test)}</p>`) : '') +
		row(
			`<p style="${SMALL};margin:16px 0"><a href="${e(browser)}" style="${LINK}">${e(input.test && input.digest.publishedAt === null ? w.preview : w.browser)}</a></p>`
		) +
		row(
			`<p style="${FONT};font-size:16px;line-height:1.4;color:#4a4a4a;margin:0 0 4px">${e(w.newsletter)}</p>` +
				`<h1 style="${FONT};font-size:${easy ? 30 : 26}px;line-height:1.25;color:#1a1a1a;margin:0 0 24px">${e(heading)}</h1>`
		) +
		row(`<div style="${bodyStyle}">${absoluteImages(input.body.html, input.origin)}</div>`) +
		row(footer, 'padding-top:24px;padding-bottom:24px;border-top:1px solid #767676') +
		`</table></main></body></html>`;

	const text = [
		...(input.test ? [w.test, ''] : []),
		w.newsletter,
		heading,
		'='.repeat(Math.min(heading.length, 72)),
		'',
		input.body.text,
		'',
		// Not "-- ": clients fold what follows a signature separator away, and the unsubscribe link must stay visible.
		'-'.repeat(40),
		`${input.test && input.digest.publishedAt === null ? w.preview : w.browser}: ${browser}`,
		...(links ? [`${w.unsubscribe}: ${links.unsubscribe}`, `${w.preferences}: ${links.preferences}`] : [w.testNoLinks]),
		'',
		`${w.imprint}:`,
		input.conference.name,
		...contact
	].join('\n');

	// A test mail goes to one editor, not to the list: it has nothing to unsubscribe from.
	const headers: Record<string, string> = links
		? { 'List-Id': listId(input.conference, input.origin), 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
		: {};
	return { to: input.to, subject, text, html, lang: LANG, messageId: input.messageId, headers };
}
