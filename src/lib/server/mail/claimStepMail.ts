import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/domain/roles';
import type { ClaimLineKind } from '$lib/domain/allowances/types';
import { formatCents } from '$lib/domain/allowances/money';
import { formatDate } from '$lib/i18n/labels';
import type { ClaimMailStep } from '../jobs/kinds/mailClaimStep';
import { sendMail } from './transport';

/** A line the person is told about: rejected (with why) or taken back by a counter-entry. */
export interface ToldLine {
	kind: ClaimLineKind;
	description: string | null;
	amountCents: number;
	reason: string | null;
}

export interface ClaimStepMail {
	to: string;
	name: string;
	step: ClaimMailStep;
	/** "2026-0042". */
	reference: string;
	meetingTitle: string;
	meetingStartsAt: Date;
	conferenceName: string;
	/** What the claim is worth now: approved lines and counter-entries. */
	approvedCents: number;
	rejectedLines: ToldLine[];
	reversals: ToldLine[];
	/** Why the whole claim was rejected or cancelled. */
	claimReason: string | null;
	paidAt: Date | null;
	url: string;
	locale: Locale;
	/** The person prefers easy language: short sentences, one a line. */
	easy: boolean;
	messageId: string;
}

type Words = Omit<ClaimStepMail, 'to' | 'messageId'>;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const KIND: Record<ClaimLineKind, (i: object, o: { locale: Locale }) => string> = {
	flat: m.claims_kind_flat,
	travel_km: m.claims_kind_travel_km,
	ticket: m.claims_kind_ticket,
	companion: m.claims_kind_companion,
	receipt: m.claims_kind_receipt,
	reversal: m.claims_kind_reversal
};

const EASY_KIND: Record<ClaimLineKind, (i: object, o: { locale: Locale }) => string> = {
	flat: m.claims_easy_kind_flat,
	travel_km: m.claims_easy_kind_travel_km,
	ticket: m.claims_easy_kind_ticket,
	companion: m.claims_easy_kind_companion,
	receipt: m.claims_easy_kind_receipt,
	reversal: m.claims_easy_kind_reversal
};

/** What the mail says: its subject, the lines before the link, the link's words, and what follows. */
export function claimMailWords(mail: Words) {
	const o = { locale: mail.locale };
	const money = (cents: number) => formatCents(cents, mail.locale);
	const meeting = mail.meetingTitle;
	const date = formatDate(mail.meetingStartsAt, mail.locale);
	const paidOn = mail.paidAt ? formatDate(mail.paidAt, mail.locale) : date;
	if (mail.easy) {
		const lineName = (l: ToldLine) => EASY_KIND[l.kind]({}, o);
		const rejected = mail.rejectedLines.flatMap((l) => [
			m.claims_mail_easy_line_rejected({ what: lineName(l) }, o),
			...(l.reason ? [m.claims_mail_easy_reason({ reason: l.reason }, o)] : [])
		]);
		const byStep: Record<ClaimMailStep, string[]> = {
			drafted: [m.claims_mail_easy_drafted_1({ meeting }, o), m.claims_mail_easy_drafted_2({}, o), m.claims_mail_easy_drafted_3({}, o)],
			approved: [
				m.claims_mail_easy_approved_1({ meeting }, o),
				m.claims_mail_easy_approved_2({ amount: money(mail.approvedCents) }, o),
				...rejected,
				m.claims_mail_easy_approved_3({}, o)
			],
			rejected: [
				m.claims_mail_easy_rejected_1({ meeting }, o),
				m.claims_mail_easy_rejected_2({}, o),
				...(mail.claimReason ? [m.claims_mail_easy_reason({ reason: mail.claimReason }, o)] : rejected)
			],
			released: [
				m.claims_mail_easy_released_1({}, o),
				m.claims_mail_easy_released_2({ amount: money(mail.approvedCents) }, o),
				m.claims_mail_easy_released_3({}, o)
			],
			paid: [m.claims_mail_easy_paid_1({ date: paidOn }, o), m.claims_mail_easy_paid_2({ amount: money(mail.approvedCents), meeting }, o)],
			cancelled: [
				m.claims_mail_easy_cancelled_1({ meeting }, o),
				mail.claimReason ? m.claims_mail_easy_reason({ reason: mail.claimReason }, o) : m.claims_mail_easy_cancelled_2({}, o)
			],
			reversed: [
				m.claims_mail_easy_reversed_1({ meeting }, o),
				...mail.reversals.flatMap((l) => [
					m.claims_mail_easy_reversed_2({ amount: money(-l.amountCents) }, o),
					...(l.reason ? [m.claims_mail_easy_reason({ reason: l.reason }, o)] : [])
				]),
				m.claims_mail_easy_reversed_3({ amount: money(mail.approvedCents) }, o)
			]
		};
		return {
			subject: m.claims_mail_easy_subject({}, o),
			greeting: m.claims_mail_easy_greeting({ name: mail.name }, o),
			before: byStep[mail.step],
			button: m.claims_mail_easy_button({}, o),
			after: [m.claims_mail_easy_questions({}, o)]
		};
	}
	const lineName = (l: ToldLine) => (l.description ? `${KIND[l.kind]({}, o)} (${l.description})` : KIND[l.kind]({}, o));
	const rejected = mail.rejectedLines.map((l) => m.claims_mail_line_rejected({ what: lineName(l), amount: money(l.amountCents), reason: l.reason ?? '–' }, o));
	const facts = { reference: mail.reference, meeting, date };
	const byStep: Record<ClaimMailStep, string[]> = {
		drafted: [m.claims_mail_drafted(facts, o)],
		approved: [m.claims_mail_approved({ ...facts, amount: money(mail.approvedCents) }, o), ...rejected],
		rejected: [m.claims_mail_rejected(facts, o), ...(mail.claimReason ? [m.claims_mail_reason({ reason: mail.claimReason }, o)] : rejected)],
		released: [m.claims_mail_released({ ...facts, amount: money(mail.approvedCents) }, o)],
		paid: [m.claims_mail_paid({ ...facts, amount: money(mail.approvedCents), paidOn }, o)],
		cancelled: [m.claims_mail_cancelled(facts, o), ...(mail.claimReason ? [m.claims_mail_reason({ reason: mail.claimReason }, o)] : [])],
		reversed: [
			m.claims_mail_reversed(facts, o),
			...mail.reversals.map((l) => m.claims_mail_reversal_line({ amount: money(l.amountCents), reason: l.reason ?? '–' }, o)),
			m.claims_mail_reversed_total({ amount: money(mail.approvedCents) }, o)
		]
	};
	const subjects: Record<ClaimMailStep, (i: { reference: string }, o: { locale: Locale }) => string> = {
		drafted: m.claims_mail_subject_drafted,
		approved: m.claims_mail_subject_approved,
		rejected: m.claims_mail_subject_rejected,
		released: m.claims_mail_subject_released,
		paid: m.claims_mail_subject_paid,
		cancelled: m.claims_mail_subject_cancelled,
		reversed: m.claims_mail_subject_reversed
	};
	return {
		subject: subjects[mail.step]({ reference: mail.reference }, o),
		greeting: m.claims_mail_greeting({ name: mail.name }, o),
		before: byStep[mail.step],
		button: m.claims_mail_button({}, o),
		after: [m.claims_mail_questions({ conference: mail.conferenceName }, o)]
	};
}

/** A claim took a step: in the person's language, in easy language where preferred, as text and accessible HTML. */
export function sendClaimStepMail(mail: ClaimStepMail) {
	const words = claimMailWords(mail);
	const text = [words.greeting, '', ...words.before, '', `${words.button}: ${mail.url}`, '', ...words.after].join('\n');
	const html = `<!doctype html><html lang="${mail.locale}"><head><meta charset="utf-8"><title>${escape(words.subject)}</title></head><body style="font-family:sans-serif;font-size:18px;line-height:1.5">
<h1 style="font-size:24px">${escape(words.greeting)}</h1>
${words.before.map((l) => `<p>${escape(l)}</p>`).join('\n')}
<p><a href="${escape(mail.url)}">${escape(words.button)}</a></p>
${words.after.map((l) => `<p>${escape(l)}</p>`).join('\n')}
</body></html>`;
	return sendMail({ to: mail.to, subject: words.subject, text, html, lang: mail.locale, messageId: mail.messageId });
}
