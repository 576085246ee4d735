import { dateTimeFormat } from '../../domain/dateTimeFormat';

/**
 * The invitation letter, one text for the mail and for paper. The office writes the body (a
 * default is offered, `defaultLetters.ts`) with a few placeholders that are filled per person;
 * everything around it — the date block, the answer button, the deadline, the signature — is
 * laid out here, so mail and print never drift apart.
 *
 * The letter is a document of the conference in German, the language the office writes it in:
 * its frame is German too (`lang="de"`), whatever the reader's interface language is. The easy
 * edition (Leichte Sprache) goes to people who prefer it: one sentence a line, large type.
 */

/** The placeholders a letter may use, filled per person. Anything else in braces is refused when the round is created. */
export const LETTER_PLACEHOLDERS = ['anrede', 'name', 'termin', 'datum', 'uhrzeit', 'ort', 'frist'] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([a-zäöü]{1,20})\}/g;

/** Placeholders in `template` that are not ours (a typo like `{datm}` would otherwise reach every letter). */
export function unknownPlaceholders(template: string): string[] {
	const known = new Set<string>(LETTER_PLACEHOLDERS);
	return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]).filter((name) => !known.has(name)))];
}

export type LetterEdition = 'standard' | 'easy';

export interface LetterInput {
	edition: LetterEdition;
	/** The office's text with placeholders; paragraphs are separated by a blank line. */
	template: string;
	subject: string;
	recipient: { name: string; organisation: string | null };
	/** The sitting or meeting. */
	date: { title: string; startsAt: Date; place: string | null };
	answerUntil: Date;
	answerUrl: string;
	conference: { name: string; contactEmail: string | null; contactPhone: string | null };
	signer: { name: string; title: string } | null;
	/** Where the signature image is: `cid:…` in a mail, the office's address on paper; null: none set. */
	signatureSrc: string | null;
	/** Paper only: the QR code (SVG markup from `qrcode`, trusted) that opens `answerUrl` or an access link. */
	qrSvg?: string | null;
}

export interface RenderedLetter {
	subject: string;
	/** The mail's plain-text part. */
	text: string;
	/** The whole mail as an HTML document. */
	mailHtml: string;
	/** One letter for the print page: an `<article>` the print CSS puts on a page of its own. */
	printHtml: string;
}

const ZONE = 'Europe/Berlin';
const dayFormat = () => dateTimeFormat('de-DE', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const timeFormat = () => dateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: ZONE });
const shortDay = () => dateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The words around the office's text, in each edition. */
const FRAME = {
	standard: {
		salutation: (name: string) => `Guten Tag ${name},`,
		when: 'Wann',
		where: 'Wo',
		what: 'Was',
		placeOpen: 'Der Ort wird noch bekannt gegeben.',
		button: 'Jetzt antworten',
		deadline: (until: string) => `Bitte antworten Sie bis zum ${until}.`,
		qr: 'Oder scannen Sie diesen Code mit dem Telefon, um zu antworten:',
		closing: 'Mit freundlichen Grüßen',
		signature: (name: string) => `Unterschrift von ${name}`,
		help: 'Fragen? Die Geschäftsstelle hilft Ihnen gern:',
		dateHeading: 'Der Termin'
	},
	easy: {
		salutation: (name: string) => `Hallo ${name},`,
		when: 'Wann?',
		where: 'Wo?',
		what: 'Was?',
		placeOpen: 'Den Ort sagen wir Ihnen noch.',
		button: 'Jetzt antworten',
		deadline: (until: string) => `Bitte antworten Sie bis zum ${until}.`,
		qr: 'Sie können auch diesen Code mit dem Handy scannen. Dann können Sie antworten.',
		closing: 'Viele Grüße',
		signature: (name: string) => `Unterschrift von ${name}`,
		help: 'Haben Sie Fragen? Rufen Sie uns an oder schreiben Sie uns:',
		dateHeading: 'Der Termin'
	}
} as const;

function values(input: LetterInput): Record<LetterPlaceholder, string> {
	const frame = FRAME[input.edition];
	return {
		anrede: frame.salutation(input.recipient.name),
		name: input.recipient.name,
		termin: input.date.title,
		datum: dayFormat().format(input.date.startsAt),
		uhrzeit: `${timeFormat().format(input.date.startsAt)} Uhr`,
		ort: input.date.place ?? frame.placeOpen,
		frist: shortDay().format(input.answerUntil)
	};
}

/** The template with every known placeholder filled; one pass, linear in the text. */
export function fillPlaceholders(template: string, filled: Record<LetterPlaceholder, string>): string {
	return template.replace(PLACEHOLDER, (whole, name: string) => (name in filled ? filled[name as LetterPlaceholder] : whole));
}

/** Paragraphs (blank-line separated), each a list of lines: easy language keeps one sentence a line. */
function paragraphs(text: string): string[][] {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map((block) =>
			block
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
		)
		.filter((lines) => lines.length > 0);
}

export function renderLetter(input: LetterInput): RenderedLetter {
	const frame = FRAME[input.edition];
	const filled = values(input);
	const body = paragraphs(fillPlaceholders(input.template, filled));
	const subject = fillPlaceholders(input.subject, filled);
	const when = `${filled.datum}, ${filled.uhrzeit}`;
	const contact = [input.conference.contactPhone, input.conference.contactEmail].filter((c): c is string => Boolean(c));
	const signer = input.signer;

	const text = [
		...body.flatMap((lines) => [...lines, '']),
		`${frame.dateHeading}`,
		`${frame.what} ${input.date.title}`,
		`${frame.when} ${when}`,
		`${frame.where} ${filled.ort}`,
		'',
		`${frame.button}: ${input.answerUrl}`,
		frame.deadline(filled.frist),
		'',
		frame.closing,
		...(signer ? [signer.name, signer.title] : [input.conference.name]),
		...(contact.length ? ['', frame.help, ...contact] : [])
	].join('\n');

	const bodyHtml = body.map((lines) => `<p>${lines.map(escape).join('<br>')}</p>`).join('\n');
	const dateBlock = `<h2>${escape(frame.dateHeading)}</h2>
<dl class="letter-date">
<dt>${escape(frame.what)}</dt><dd>${escape(input.date.title)}</dd>
<dt>${escape(frame.when)}</dt><dd>${escape(when)}</dd>
<dt>${escape(frame.where)}</dt><dd>${escape(filled.ort)}</dd>
</dl>`;
	const signatureImage =
		signer && input.signatureSrc
			? `<img class="letter-signature" src="${escape(input.signatureSrc)}" alt="${escape(frame.signature(signer.name))}" height="60">`
			: '';
	const signed = `<p class="letter-closing">${escape(frame.closing)}</p>
${signatureImage}
<p class="letter-signer">${signer ? `${escape(signer.name)}<br>${escape(signer.title)}` : escape(input.conference.name)}</p>`;
	const help = contact.length ? `<p class="letter-help">${escape(frame.help)}<br>${contact.map(escape).join('<br>')}</p>` : '';
	const deadline = `<p class="letter-deadline"><strong>${escape(frame.deadline(filled.frist))}</strong></p>`;

	const large = input.edition === 'easy';
	const font = large ? 'font-size:20px;line-height:1.6' : 'font-size:17px;line-height:1.5';
	const mailHtml = `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(subject)}</title></head>
<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;${font}">
<main style="max-width:40em;margin:0 auto">
<p style="color:#4a4a4a;margin:0 0 8px">${escape(input.conference.name)}</p>
<h1 style="font-size:${large ? 28 : 24}px;line-height:1.3;margin:0 0 16px">${escape(subject)}</h1>
${bodyHtml}
${dateBlock}
<p style="margin:24px 0"><a href="${escape(input.answerUrl)}" style="display:inline-block;padding:14px 28px;background:#0b5394;color:#ffffff;border-radius:6px;font-weight:bold;text-decoration:none;font-size:${large ? 22 : 19}px">${escape(frame.button)}</a></p>
${deadline}
${signed}
${help}
</main>
</body></html>`;

	const qr = input.qrSvg ? `<figure class="letter-qr">${input.qrSvg}<figcaption>${escape(frame.qr)}</figcaption></figure>` : '';
	const printHtml = `<article class="letter letter-${input.edition}" lang="de">
<header class="letter-head"><p class="letter-sender">${escape(input.conference.name)}</p>
<address class="letter-address">${escape(input.recipient.name)}${input.recipient.organisation ? `<br>${escape(input.recipient.organisation)}` : ''}</address></header>
<h2 class="letter-subject">${escape(subject)}</h2>
${bodyHtml}
${dateBlock.replace('<h2>', '<h3>').replace('</h2>', '</h3>')}
<p class="letter-answer">${escape(frame.button)}: <span class="letter-url">${escape(input.answerUrl)}</span></p>
${qr}
${deadline}
${signed}
${help}
</article>`;
	return { subject, text, mailHtml, printHtml };
}
