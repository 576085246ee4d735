import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import { sendMail } from './transport';

export interface SubscriptionConfirmationMail {
	to: string;
	conferenceName: string;
	url: string;
	/** The easy edition's sign-up is answered in Leichte Sprache: short lines, large type. */
	easy: boolean;
	locale: Locale;
	messageId: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The double opt-in mail: what was asked for, the one link that confirms it, and that nothing
 * happens without the click. No tracking, no rewritten link; the HTML part says the same as
 * the text part.
 */
export function sendSubscriptionConfirmationMail(mail: SubscriptionConfirmationMail) {
	const locale = { locale: mail.locale };
	const conference = { conference: mail.conferenceName };
	const subject = mail.easy ? m.subscribe_mail_easy_subject(conference, locale) : m.subscribe_mail_subject(conference, locale);
	const before = mail.easy ? m.subscribe_mail_easy_before(conference, locale).split('\n') : [m.subscribe_mail_before(conference, locale)];
	const after = mail.easy ? m.subscribe_mail_easy_after({}, locale).split('\n') : [m.subscribe_mail_after({}, locale)];
	const button = mail.easy ? m.subscribe_mail_easy_button({}, locale) : m.subscribe_mail_button({}, locale);
	const text = [...before, '', mail.url, '', ...after].join('\n');
	const size = mail.easy ? 'font-size:22px;line-height:1.6' : 'font-size:18px;line-height:1.5';
	const paragraphs = (lines: string[]) => lines.map((l) => `<p>${escape(l)}</p>`).join('\n');
	const html = `<!doctype html><html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body style="font-family:sans-serif;${size}">
<h1 style="font-size:1.3em">${escape(subject)}</h1>
${paragraphs(before)}
<p><a href="${escape(mail.url)}">${escape(button)}</a></p>
${paragraphs(after)}
</body></html>`;
	return sendMail({ to: mail.to, subject, text, html, lang: mail.locale, messageId: mail.messageId });
}
