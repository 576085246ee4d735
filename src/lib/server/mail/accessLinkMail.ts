import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import { formatDate } from '$lib/i18n/labels';
import { easyLines } from '$lib/easy/versions';
import { sendMail } from './transport';

export interface AccessLinkMail {
	to: string;
	name: string;
	conferenceName: string;
	url: string;
	expiresAt: Date | null;
	locale: Locale;
	/**
	 * The conference's checked invitation in Leichte Sprache, for a person who prefers easy
	 * language: it replaces the standard wording, one sentence per line.
	 */
	easyText?: string | null;
	messageId?: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The invitation, in the recipient's language, as plain text and accessible HTML. */
export function sendAccessLinkMail(mail: AccessLinkMail) {
	const locale = { locale: mail.locale };
	const validity = mail.expiresAt ? m.card_valid_until({ date: formatDate(mail.expiresAt, mail.locale) }, locale) : '';
	const easy = mail.easyText ? easyLines(mail.easyText) : null;
	// Greeting, the sentence before the link, then what follows it.
	const lines = easy
		? // The link's warning comes whatever the easy text says: it is about the person's safety.
			[m.mail_invite_greeting({ name: mail.name }, locale), easy.join('\n'), validity, m.mail_invite_easy_keep_private({}, locale)].filter(Boolean)
		: [
				m.mail_invite_greeting({ name: mail.name }, locale),
				m.mail_invite_intro({ conference: mail.conferenceName }, locale),
				m.mail_invite_how({}, locale),
				validity,
				m.card_keep_private({}, locale)
			].filter(Boolean);
	const text = [lines[0], '', lines[1], '', mail.url, '', ...lines.slice(2)].join('\n');
	const html = `<!doctype html><html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escape(
		m.mail_invite_subject({ conference: mail.conferenceName }, locale)
	)}</title></head><body style="font-family:sans-serif;font-size:18px;line-height:1.5">
<h1 style="font-size:24px">${escape(lines[0])}</h1>
${lines[1]
	.split('\n')
	.map((l) => `<p>${escape(l)}</p>`)
	.join('\n')}
<p><a href="${escape(mail.url)}">${escape(m.mail_invite_button({}, locale))}</a></p>
${lines
	.slice(2)
	.map((l) => `<p>${escape(l)}</p>`)
	.join('\n')}
</body></html>`;
	return sendMail({
		to: mail.to,
		subject: m.mail_invite_subject({ conference: mail.conferenceName }, locale),
		text,
		html,
		lang: mail.locale,
		messageId: mail.messageId
	});
}
