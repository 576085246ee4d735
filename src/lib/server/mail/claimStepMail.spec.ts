import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAIM_MAIL_STEPS } from '../jobs/kinds/mailClaimStep';
import { claimMailWords } from './claimStepMail';
import { checkEasyLanguage } from '$lib/easy/checker';

const mail = {
	name: 'Anna',
	reference: '2026-0042',
	meetingTitle: 'Plenum März',
	meetingStartsAt: new Date('2026-03-05T16:00:00Z'),
	conferenceName: 'Gesundheitskonferenz Musterkreis',
	approvedCents: 4250,
	rejectedLines: [{ kind: 'ticket' as const, description: 'Bus', amountCents: 1290, reason: 'Die Fahrkarte fehlt.' }],
	reversals: [{ kind: 'reversal' as const, description: null, amountCents: -2500, reason: 'Die Sitzung fiel aus.' }],
	claimReason: null,
	paidAt: new Date('2026-04-02T08:00:00Z'),
	url: 'https://ratschlag.example/einfach/geld/abc'
};

/** Amounts are written with a no-break space before the euro sign: compared as plain spaces. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('the claim-step mail', () => {
	for (const locale of ['de', 'en'] as const)
		for (const easy of [false, true])
			it(`says something for every step (${locale}, ${easy ? 'easy' : 'standard'})`, () => {
				for (const step of CLAIM_MAIL_STEPS) {
					const words = claimMailWords({ ...mail, step, locale, easy });
					expect(words.subject.length).toBeGreaterThan(5);
					expect(words.before.length).toBeGreaterThan(0);
					expect(words.before.join(' ')).not.toMatch(/\{|undefined|NaN/);
				}
			});

	it('formats amounts for the reader and explains rejected lines', () => {
		const de = plain(claimMailWords({ ...mail, step: 'approved', locale: 'de', easy: false }).before.join('\n'));
		expect(de).toContain('42,50 €');
		expect(de).toContain('Nicht genehmigt: Fahrkarte (Bus), 12,90 €. Begründung: Die Fahrkarte fehlt.');
		const en = claimMailWords({ ...mail, step: 'paid', locale: 'en', easy: false }).before.join('\n');
		expect(en).toContain('€42.50');
		expect(en).toContain('2 April 2026');
	});

	it('in Leichte Sprache: short sentences, one a line, the reason in plain words', () => {
		const words = claimMailWords({ ...mail, step: 'reversed', locale: 'de', easy: true });
		expect(words.before.map(plain)).toEqual([
			'Wir haben etwas geändert. Das Treffen war: Plenum März.',
			'Sie bekommen 25,00 € weniger.',
			'Der Grund: Die Sitzung fiel aus.',
			'Jetzt bekommen Sie 42,50 €.'
		]);
		expect(claimMailWords({ ...mail, step: 'released', locale: 'de', easy: true }).before[0]).toBe('Das Geld ist unterwegs.');
	});
});

describe('the easy claim texts pass the Leichte Sprache checker', () => {
	const de: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../../../messages/de.json', import.meta.url), 'utf8'));
	const SAMPLES: Record<string, string> = {
		name: 'Lena Maurer',
		meeting: 'Plenum im März',
		date: '5. März 2026',
		amount: '42,50 €',
		what: 'Geld für das Ticket',
		reason: 'Die Fahrkarte fehlt.'
	};
	const keys = Object.keys(de).filter((k) => /^claims_(mail_easy|easy_kind|print_easy)_/.test(k));

	/** A refusal is told as one, plainly: the negation is the message (each accepted by key and words). */
	const ACCEPTED = [
		['claims_mail_easy_line_rejected', 'negation', 'kein'],
		['claims_mail_easy_rejected_2', 'negation', 'kein'],
		['claims_mail_easy_cancelled_1', 'negation', 'nicht'],
		['claims_mail_easy_cancelled_2', 'negation', 'nicht']
	];

	it.each(keys)('%s', (key) => {
		const text = String(de[key]).replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name] ?? 'Lena');
		const problems = checkEasyLanguage(text, { maxWords: 10, separator: 'hyphen' })
			.hints.filter((h) => !ACCEPTED.some(([k, rule, excerpt]) => k === key && rule === h.rule && excerpt === h.excerpt))
			.map((h) => `${h.rule}: "${h.excerpt}"`);
		expect(problems, text).toEqual([]);
	});
});
