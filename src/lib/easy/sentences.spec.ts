import { describe, expect, it } from 'vitest';
import { letterCount, maskAddresses, splitSentences, tokenize } from './sentences';

const texts = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));
const words = (text: string) => splitSentences(text).map((s) => s.words.map((w) => w.text));

describe('tokenize', () => {
	it('keeps times, dates, compounds and gender marks as one word', () => {
		expect(tokenize('Um 9:00 Uhr am 15.08.2026: Gesundheits·konferenz, Selbstvertreter:innen, 3,5 Stunden.').map((t) => t.text)).toEqual([
			'Um',
			'9:00',
			'Uhr',
			'am',
			'15.08.2026',
			'Gesundheits·konferenz',
			'Selbstvertreter:innen',
			'3,5',
			'Stunden'
		]);
	});

	it('gives offsets into the text', () => {
		const [a, b] = tokenize('  Hallo Welt');
		expect([a.start, a.end, b.start, b.end]).toEqual([2, 7, 8, 12]);
		expect(b.lower).toBe('welt');
	});
});

describe('splitSentences', () => {
	it('splits at full stops, question and exclamation marks', () => {
		expect(texts('Wie geht es Ihnen? Gut! Wir freuen uns.')).toEqual(['Wie geht es Ihnen?', 'Gut!', 'Wir freuen uns.']);
	});

	it('is not fooled by abbreviations with dots', () => {
		expect(texts('Wir essen z. B. Kuchen. Dann gehen wir.')).toEqual(['Wir essen z. B. Kuchen.', 'Dann gehen wir.']);
		expect(texts('Wir essen z.B. Kuchen.')).toHaveLength(1);
		expect(texts('Dr. Meier und Prof. Schulz kommen. Sie reden.')).toHaveLength(2);
		expect(texts('Frau A. Schmidt kommt.')).toHaveLength(1);
		expect(texts('Das heißt d. h. Ende.')).toHaveLength(1);
	});

	it('ends a sentence after "usw." before a capital, not before a small letter', () => {
		expect(texts('Wir kaufen Äpfel, Birnen usw. Dann gehen wir.')).toHaveLength(2);
		expect(texts('Wir kaufen Äpfel usw. und gehen dann.')).toHaveLength(1);
	});

	it('is not fooled by dates, ordinals and times', () => {
		expect(texts('Am 15. August 2026 ist das Treffen.')).toHaveLength(1);
		expect(texts('Am 15. 8. 2026 ist das Treffen.')).toHaveLength(1);
		expect(texts('Am 15.08.2026 ist das Treffen.')).toHaveLength(1);
		expect(texts('Am 3. Tag essen wir.')).toHaveLength(1);
		expect(texts('Das Treffen ist um 9.00 Uhr. Bitte kommen Sie.')).toHaveLength(2);
		expect(texts('Wir treffen uns um 9.00. Bitte kommen Sie.')).toHaveLength(2);
		expect(texts('Am 15. Aug. 2026 ist das Treffen.')).toHaveLength(1);
	});

	it('ends a sentence after a number that is not an ordinal', () => {
		expect(texts('Das Zimmer hat die Nummer 12. Es ist oben.')).toEqual(['Das Zimmer hat die Nummer 12.', 'Es ist oben.']);
	});

	it('treats each line as a sentence and drops bullet markers', () => {
		const text = 'Einladung\n- Wir treffen uns\n• Wir essen\n1. Wir reden.\n2) Wir gehen.\n\n## Ende';
		expect(words(text)).toEqual([['Einladung'], ['Wir', 'treffen', 'uns'], ['Wir', 'essen'], ['Wir', 'reden'], ['Wir', 'gehen'], ['Ende']]);
	});

	it('keeps a date at the start of a line (not a numbered item)', () => {
		expect(words('15. August 2026 ist das Treffen.')).toEqual([['15', 'August', '2026', 'ist', 'das', 'Treffen']]);
	});

	it('joins a line without closing punctuation with a next line that starts small', () => {
		expect(texts('Wir treffen uns\nim Rathaus.\nDann essen wir.')).toEqual(['Wir treffen uns\nim Rathaus.', 'Dann essen wir.']);
	});

	it('leaves out empty sentences and empty text', () => {
		expect(splitSentences('')).toEqual([]);
		expect(splitSentences('  \n – \n')).toEqual([]);
	});

	it('ends a sentence at a run of marks only where a space or the end follows', () => {
		const dots = '.'.repeat(10_000);
		expect(texts(`Ende${dots} Neu${dots}x`)).toEqual([`Ende${dots}`, `Neu${dots}x`]);
		expect(texts(`Wirklich?!”)] Ja.`)).toEqual(['Wirklich?!”)]', 'Ja.']);
	});

	it('finds the words of each line among thousands of lines without any', () => {
		expect(words('!\n'.repeat(5_000) + 'Das Ende.')).toEqual([['Das', 'Ende']]);
	});
});

describe('maskAddresses', () => {
	it('blanks web and mail addresses, keeping offsets and the closing full stop', () => {
		const text = 'Mehr auf www.kreis-lippe.de. Schreiben Sie an info@kreis.de!';
		const masked = maskAddresses(text);
		expect(masked).toHaveLength(text.length);
		expect(masked).toBe(text.replace('www.kreis-lippe.de', ' '.repeat(18)).replace('info@kreis.de', ' '.repeat(13)));
	});

	it('leaves the marks after an address to the sentence, however many', () => {
		const marks = ').'.repeat(5_000);
		expect(maskAddresses(`(www.kreis.de${marks} Ende`)).toBe(`(${' '.repeat(12)}${marks} Ende`);
	});
});

describe('letterCount', () => {
	it('counts letters only', () => {
		expect(letterCount('Selbstvertreter:innen')).toBe(20);
		expect(letterCount('Gesundheits·konferenz')).toBe(20);
	});
});
