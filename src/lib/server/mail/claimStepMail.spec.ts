import { describe, expect, it } from 'vitest';
import { CLAIM_MAIL_STEPS } from '../jobs/kinds/mailClaimStep';
import { claimMailWords } from './claimStepMail';

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
