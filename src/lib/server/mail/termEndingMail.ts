import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/i18n/labels';
import { sendMail } from './transport';

export interface TermEndingMail {
	/** The office's addresses, comma-separated: one mail to all of them. */
	to: string;
	memberName: string;
	organisation: string | null;
	sectorName: string | null;
	until: Date;
	conferenceName: string;
	url: string;
	messageId: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** To the office, in German (the office's working language): whose term ends when, and where to act. */
export function sendTermEndingMail(mail: TermEndingMail) {
	const options = { locale: 'de' as const };
	const date = formatDate(mail.until, 'de');
	const subject = m.members_mail_term_subject({ name: mail.memberName, date }, options);
	const lines = [
		m.members_mail_term_intro({ name: mail.memberName, date, conference: mail.conferenceName }, options),
		...(mail.organisation ? [m.members_mail_term_organisation({ organisation: mail.organisation }, options)] : []),
		m.members_mail_term_sector({ sector: mail.sectorName ?? m.members_no_sector({}, options) }, options),
		m.members_mail_term_action({}, options)
	];
	const button = m.members_mail_term_button({}, options);
	const text = [...lines, '', `${button}: ${mail.url}`].join('\n');
	const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body style="font-family:sans-serif;font-size:18px;line-height:1.5">
${lines.map((l) => `<p>${escape(l)}</p>`).join('\n')}
<p><a href="${escape(mail.url)}">${escape(button)}</a></p>
</body></html>`;
	return sendMail({ to: mail.to, subject, text, html, lang: 'de', messageId: mail.messageId });
}
