import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import { formatDate, formatTime } from '$lib/i18n/labels';
import { sendMail } from './transport';

export interface MovedUpMail {
	to: string;
	name: string;
	title: string;
	startsAt: Date;
	place: string | null;
	conferenceName: string;
	/** The person's answer page: they can still say no there. */
	url: string;
	locale: Locale;
	/** The person prefers easy language: short sentences, one a line. */
	easy: boolean;
	messageId: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the mail says: subject, greeting, the lines before the link, the link's words. */
export function movedUpMailWords(mail: Omit<MovedUpMail, 'to' | 'messageId'>) {
	const options = { locale: mail.locale };
	const date = formatDate(mail.startsAt, mail.locale);
	const time = formatTime(mail.startsAt, mail.locale);
	const where = mail.place ? [mail.easy ? m.rsvp_mail_easy_place({ place: mail.place }, options) : m.rsvp_mail_place({ place: mail.place }, options)] : [];
	if (mail.easy) {
		return {
			subject: m.rsvp_mail_easy_subject({}, options),
			greeting: m.rsvp_mail_easy_greeting({ name: mail.name }, options),
			before: [
				m.rsvp_mail_easy_free({}, options),
				m.rsvp_mail_easy_yours({}, options),
				m.rsvp_mail_easy_what({ title: mail.title }, options),
				m.rsvp_mail_easy_when({ date, time }, options),
				...where,
				m.rsvp_mail_easy_cannot({}, options)
			],
			button: m.rsvp_mail_easy_button({}, options)
		};
	}
	return {
		subject: m.rsvp_mail_subject({ title: mail.title }, options),
		greeting: m.rsvp_mail_greeting({ name: mail.name }, options),
		before: [m.rsvp_mail_intro({ title: mail.title, date, time, conference: mail.conferenceName }, options), ...where, m.rsvp_mail_change({}, options)],
		button: m.rsvp_mail_button({}, options)
	};
}

/** A seat became free for someone on the waiting list: in their language, in easy language where preferred, as text and accessible HTML. */
export function sendMovedUpMail(mail: MovedUpMail) {
	const words = movedUpMailWords(mail);
	const text = [words.greeting, '', ...words.before, '', `${words.button}: ${mail.url}`].join('\n');
	const html = `<!doctype html><html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escape(words.subject)}</title></head><body style="font-family:sans-serif;font-size:18px;line-height:1.5">
<h1 style="font-size:24px">${escape(words.greeting)}</h1>
${words.before.map((l) => `<p>${escape(l)}</p>`).join('\n')}
<p><a href="${escape(mail.url)}">${escape(words.button)}</a></p>
</body></html>`;
	return sendMail({ to: mail.to, subject: words.subject, text, html, lang: mail.locale, messageId: mail.messageId });
}
