import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import { MAX_SPAN_WORDS } from './hint';
import { isParticiple } from './passive';

const passives = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'passive');
const excerpts = (text: string) => passives(text).map((h) => h.excerpt);

describe('passive', () => {
	it('flags werden + ge-participle', () => {
		const [hint] = passives('Die Einladung wird morgen verschickt. Es wurde viel gelacht.');
		expect(hint).toMatchObject({ excerpt: 'wird morgen verschickt', severity: 'warning', data: { auxiliary: 'wird', participle: 'verschickt' } });
		expect(excerpts('Es wurde viel gelacht.')).toEqual(['wurde viel gelacht']);
	});

	it('flags participles with inseparable prefixes and -iert', () => {
		expect(excerpts('Die Fahrtkosten werden erstattet.')).toEqual(['werden erstattet']);
		expect(excerpts('Das Geld wird beantragt.')).toEqual(['wird beantragt']);
		expect(excerpts('Die Empfehlung wurde verabschiedet.')).toEqual(['wurde verabschiedet']);
		expect(excerpts('Das Protokoll wurde besprochen.')).toEqual(['wurde besprochen']);
		expect(excerpts('Sie werden rechtzeitig informiert.')).toEqual(['werden rechtzeitig informiert']);
	});

	it('flags separable participles and the perfect with worden', () => {
		expect(excerpts('Alle Mitglieder wurden angemeldet.')).toEqual(['wurden angemeldet']);
		expect(excerpts('Sie sind eingeladen worden.')).toEqual(['eingeladen worden']);
	});

	it('flags the participle before werden in a subordinate clause', () => {
		expect(excerpts('Wir warten, bis alles gemacht wird.')).toEqual(['gemacht wird']);
	});

	it.each([
		'Frau Meier wird morgen kommen.',
		'Wir werden Sie informieren.',
		'Wir werden das Geld beantragen.',
		'Es wird kalt.',
		'Das Treffen wird bestimmt schön.',
		'Die Sitzung hat stattgefunden.',
		'Sie ist krank geworden.',
		'Wir werden das Passwort eingeben.',
		'Wir werden gemeinsam gehen.',
		'Wer Geld beantragt, wird bald Post bekommen.'
	])('does not flag %j', (text) => {
		expect(passives(text)).toEqual([]);
	});

	it('accepts: future perfect (wird … erledigt haben) is flagged as passive', () => {
		expect(excerpts('Bis Montag wird sie alles erledigt haben.')).toEqual(['wird sie alles erledigt']);
	});

	it('accepts: a third-person verb with an inseparable prefix next to a future reads as a participle', () => {
		expect(excerpts('Wer Geld beantragt wird bald Post bekommen.')).toEqual(['beantragt wird']);
	});

	it('accepts: übergeben/vergeben are read as participles, also in the future tense', () => {
		expect(excerpts('Wir werden Ihnen das Geld übergeben.')).toHaveLength(1);
	});

	it('accepts: not flagged when a clause sits between werden and the participle', () => {
		expect(passives('Die Sitzung wird, wenn alles klappt, verschoben.')).toEqual([]);
	});

	it('accepts: the state passive with sein is not flagged', () => {
		expect(passives('Der Raum ist geöffnet.')).toEqual([]);
	});
});

describe('isParticiple', () => {
	it.each(['gemacht', 'geschrieben', 'angemeldet', 'eingeladen', 'informiert', 'beantragt', 'besprochen', 'verschoben'])('%s is one', (w) => {
		expect(isParticiple(w)).toBe(true);
	});
	it.each(['gehen', 'gegen', 'gerecht', 'bestimmt', 'beantragen', 'kommen', 'eingeben', 'Gesetz', 'geworden'])('%s is not', (w) => {
		expect(isParticiple(w)).toBe(false);
	});
});

describe('passive pairs near words', () => {
	it('joins an auxiliary and a participle at most MAX_SPAN_WORDS words apart', () => {
		const between = (n: number) => `Das wird ${'sehr '.repeat(n)}gelobt.`;
		expect(excerpts(between(MAX_SPAN_WORDS - 1))).toHaveLength(1);
		expect(excerpts(between(MAX_SPAN_WORDS))).toEqual([]);
	});

	it('gives each auxiliary the nearest participle not taken, the earlier one on a tie', () => {
		expect(excerpts('Es wird gelobt und wird gefragt.')).toEqual(['wird gelobt', 'wird gefragt']);
		expect(excerpts('gelobt wird gefragt')).toEqual(['gelobt wird']);
		expect(excerpts('Es wird, wird gelobt und gefragt.')).toEqual(['wird gelobt']);
		expect(excerpts('wird wird gelobt gefragt')).toEqual(['wird wird gelobt', 'wird gelobt gefragt']);
	});
});
