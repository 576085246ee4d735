import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import { formatDate } from '$lib/i18n/labels';
import { sendMail } from './transport';

export interface MinutesCirculatedMail {
	to: string;
	name: string;
	/** The meeting (with its group) or the sitting. */
	title: string;
	conferenceName: string;
	heldAt: Date;
	correctionsUntil: Date | null;
	url: string;
	locale: Locale;
	/** The person prefers easy language: short sentences, one a line, no clause to untangle. */
	easy: boolean;
	messageId: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the mail says: its subject, the lines before the link, the link's words, and what follows. */
export function minutesMailWords(mail: Omit<MinutesCirculatedMail, 'to' | 'messageId'>) {
	const options = { locale: mail.locale };
	const until = mail.correctionsUntil ? formatDate(mail.correctionsUntil, mail.locale) : null;
	if (mail.easy) {
		return {
			subject: m.mail_minutes_easy_subject({}, options),
			greeting: m.mail_minutes_easy_greeting({ name: mail.name }, options),
			before: [
				m.mail_minutes_easy_new({}, options),
				m.mail_minutes_easy_of({ title: mail.title }, options),
				m.mail_minutes_easy_what({}, options),
				m.mail_minutes_easy_read({}, options)
			],
			button: m.mail_minutes_easy_button({}, options),
			after: until ? [m.mail_minutes_easy_wrong({}, options), m.mail_minutes_easy_deadline({ date: until }, options)] : [m.mail_minutes_easy_wrong({}, options)]
		};
	}
	return {
		subject: m.mail_minutes_subject({ title: mail.title }, options),
		greeting: m.mail_minutes_greeting({ name: mail.name }, options),
		before: [m.mail_minutes_intro({ title: mail.title, date: formatDate(mail.heldAt, mail.locale), conference: mail.conferenceName }, options)],
		button: m.mail_minutes_button({}, options),
		after: until ? [m.mail_minutes_deadline({ date: until }, options)] : [m.mail_minutes_no_deadline({}, options)]
	};
}

/** Minutes went round for corrections: in the recipient's language, in easy language where preferred, as text and accessible HTML. */
export function sendMinutesCirculatedMail(mail: MinutesCirculatedMail) {
	const words = minutesMailWords(mail);
	const text = [words.greeting, '', ...words.before, '', `${words.button}: ${mail.url}`, '', ...words.after].join('\n');
	const html = `<!doctype html><html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escape(words.subject)}</title></head><body style="font-family:sans-serif;font-size:18px;line-height:1.5">
<h1 style="font-size:24px">${escape(words.greeting)}</h1>
${words.before.map((l) => `<p>${escape(l)}</p>`).join('\n')}
<p><a href="${escape(mail.url)}">${escape(words.button)}</a></p>
${words.after.map((l) => `<p>${escape(l)}</p>`).join('\n')}
</body></html>`;
	return sendMail({ to: mail.to, subject: words.subject, text, html, lang: mail.locale, messageId: mail.messageId });
}
