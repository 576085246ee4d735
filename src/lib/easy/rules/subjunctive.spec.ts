import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';

const subjunctives = (text: string) => checkEasyLanguage(text).hints.filter((h) => h.rule === 'subjunctive');

describe('subjunctive', () => {
	it('flags Konjunktiv II as info with the indicative', () => {
		expect(subjunctives('Das wäre schön.')).toMatchObject([{ excerpt: 'wäre', suggestion: 'ist', severity: 'info', data: { word: 'wäre' } }]);
		expect(subjunctives('Sie könnten morgen kommen.')[0].suggestion).toBe('können');
		expect(subjunctives('Sie müssten unterschreiben.')[0].suggestion).toBe('müssen');
		expect(subjunctives('Das dürfte klappen.')[0].suggestion).toBe('darf');
	});

	it('uses the first person after or before ich, and keeps a capital', () => {
		expect(subjunctives('Ich hätte eine Frage.')[0].suggestion).toBe('habe');
		expect(subjunctives('Wäre ich dabei?')[0].suggestion).toBe('Bin');
		expect(subjunctives('Könnten Sie helfen?')[0].suggestion).toBe('Können');
	});

	it('flags würde without a suggestion', () => {
		const [hint] = subjunctives('Wir würden gerne helfen.');
		expect(hint.excerpt).toBe('würden');
		expect(hint.suggestion).toBeUndefined();
	});

	it.each(['Das ist schön.', 'Er konnte kommen.', 'Wir haben eine Frage.'])('does not flag %j', (text) => {
		expect(subjunctives(text)).toEqual([]);
	});

	it('decided: möchte is not flagged (usual polite form in Leichte Sprache)', () => {
		expect(subjunctives('Ich möchte etwas sagen.')).toEqual([]);
		expect(subjunctives('Möchten Sie Kaffee?')).toEqual([]);
	});

	it('accepts: sollte as past indicative is flagged too', () => {
		expect(subjunctives('Er sollte gestern kommen.')).toHaveLength(1);
	});

	it('knows only its own words, not what every object has', () => {
		expect(subjunctives('Der constructor kommt.')).toEqual([]);
	});
});
