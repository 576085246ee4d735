import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../checker';
import type { CheckOptions } from '../types';

const long = (text: string, options: CheckOptions = {}) => checkEasyLanguage(text, options).hints.filter((h) => h.rule === 'sentence_length');

const eleven = 'Wir treffen uns am Montag mit allen Leuten im großen Rathaus.';
const ten = 'Wir treffen uns am Montag mit allen Leuten im Rathaus.';

describe('sentence_length', () => {
	it('flags more than 10 words by default, spanning the sentence', () => {
		expect(long(`${ten} ${eleven}`)).toEqual([
			{
				rule: 'sentence_length',
				start: ten.length + 1,
				end: ten.length + 1 + eleven.length,
				excerpt: eleven,
				severity: 'warning',
				data: { words: 11, max: 10 }
			}
		]);
	});

	it('takes the limit from the options', () => {
		expect(long('Wir treffen uns am Montag.', { maxWords: 4 })[0].data).toEqual({ words: 5, max: 4 });
		expect(long(eleven, { maxWords: 12 })).toEqual([]);
	});

	it('falls back to 10 for a limit that makes no sense', () => {
		expect(long(eleven, { maxWords: 0 })[0].data?.max).toBe(10);
		expect(long(eleven, { maxWords: Number.NaN })[0].data?.max).toBe(10);
	});

	it.each([ten, '- Wir treffen uns am Montag mit allen Leuten im Rathaus.', 'Wir treffen uns.\nWir essen Kuchen.\nWir trinken Kaffee und Tee.'])(
		'does not flag %j',
		(text) => {
			expect(long(text)).toEqual([]);
		}
	);

	it('accepts: a date counts as three words, a time as two', () => {
		expect(long('Das große Treffen ist am 15. August 2026 um 9:00 Uhr.')[0].data).toEqual({ words: 11, max: 10 });
	});

	it('accepts: a line continued on a line starting small is one sentence', () => {
		expect(long('Wir treffen uns am Montag mit allen Leuten\nim großen Rathaus.')).toHaveLength(1);
	});
});
