/**
 * Texts built to find super-linear work in the easy-language checker, shared by its unit tests
 * (which count the work, see workMeter.ts) and `npm run bench:checker` (which times it). Each
 * shape repeats what one step or rule loops over; `make(chars)` gives about that many characters.
 */
export interface AdversarialText {
	name: string;
	make: (chars: number) => string;
}

/** `unit` repeated to about `chars` characters. */
export function repeatTo(unit: string, chars: number): string {
	return unit.repeat(Math.max(1, Math.round(chars / unit.length)));
}

export const ADVERSARIAL_TEXTS: readonly AdversarialText[] = [
	{ name: 'one word of letters', make: (n) => 'a'.repeat(n) },
	{ name: 'one word of known parts', make: (n) => repeatTo('Gesundheits', n) },
	{ name: 'hyphenated words', make: (n) => repeatTo('Gesundheitskonferenz-', n) },
	{ name: 'hyphens between letters', make: (n) => repeatTo('a-', n) },
	{ name: 'hyphens alone', make: (n) => '-'.repeat(n) },
	{ name: 'Mediopunkte between words', make: (n) => repeatTo('Gesundheits·', n) },
	{ name: 'Mediopunkte alone', make: (n) => '·'.repeat(n) },
	{ name: 'one sentence of short words', make: (n) => repeatTo('Wort ', n) },
	{ name: 'auxiliaries, then participles', make: (n) => repeatTo('wird ', n / 2) + repeatTo('informiert ', n / 2) },
	{ name: 'weder, then noch', make: (n) => repeatTo('weder ', n) + 'noch' },
	{ name: 'comma and um, then zu', make: (n) => repeatTo('a, um ', n) + 'anzumelden' },
	{ name: 'a word of zu after um', make: (n) => 'a, um ' + repeatTo('zu', n) + '1' },
	{ name: 'short sentences', make: (n) => repeatTo('Das ist gut. ', n) },
	{ name: 'lines without words', make: (n) => repeatTo('!\n', n) + 'Ende' },
	{ name: 'digits', make: (n) => '1'.repeat(n) },
	{ name: 'dates', make: (n) => repeatTo('1.1. ', n) },
	{ name: 'clock times', make: (n) => repeatTo('9:00 ', n) },
	{ name: 'percentages', make: (n) => repeatTo('1 % ', n) },
	{ name: 'dots inside a word', make: (n) => 'a' + '.'.repeat(n) + 'a' },
	{ name: 'dots alone', make: (n) => '.'.repeat(n) },
	{ name: 'spaces', make: (n) => 'a' + ' '.repeat(n) + 'a' },
	{ name: 'closing quotes', make: (n) => 'a.' + '"'.repeat(n) + ' b' },
	{ name: 'web address, then dots', make: (n) => 'www.' + '.'.repeat(n) + 'x' },
	{ name: 'web address, then brackets', make: (n) => 'www.a' + ')'.repeat(n) + 'x' },
	{ name: 'at signs', make: (n) => repeatTo('a@', n) },
	{ name: 'abbreviations and acronyms', make: (n) => repeatTo('z.B. AOK ', n) },
	{ name: 'spoken time, then spaces', make: (n) => 'halb' + ' '.repeat(n) + '!' }
];

/** The three inputs, at the sizes it names. */
export const NAMED_INPUTS = {
	/** One word of 300,000 letters (under the request body limit). */
	hugeWord: () => 'a'.repeat(300_000),
	/** Ten thousand hyphens between the parts of one word. */
	hyphens: () => 'Gesundheits-'.repeat(10_000) + 'Konferenz',
	/** One sentence of 50,000 words, with a passive and a negation in every five. */
	longSentence: () => 'wird heute weder informiert und '.repeat(10_000).trimEnd() + '.'
};

/** Standard German as the office writes it, with hints of most rules: for comparison. */
export const REALISTIC_TEXT = `Einladung zur 12. Sitzung der Gesundheitskonferenz des Landkreises
Die Sitzung findet am 15.08.2026 von 9.00 bis 12.30 Uhr im Kreishaus statt, Raum 2.14.
Die Tagesordnung wird von der Geschäftsstelle vorbereitet und allen Mitgliedern rechtzeitig zugeschickt.
Bitte melden Sie sich bis zum 01.08.2026 an, damit wir genügend Plätze und ggf. Gebärdensprachdolmetscher organisieren können.
Die Fahrtkosten werden erstattet; die Aufwandsentschädigung beträgt 30 Euro pro Sitzung.
Wäre es möglich, dass Sie Ihre Vorschläge für die Arbeitsgruppen vorab an gesundheit@kreis.example schicken?
Etwa 50 % der Selbstvertreter:innen haben an der Befragung teilgenommen, z. B. zur Barrierefreiheit der Arztpraxen.
Weder die Kosten noch der Termin sind bisher endgültig beschlossen worden.
Weitere Informationen finden Sie unter www.kreis.example/gesundheitskonferenz.
`;
