import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../easy/checker';

/**
 * The explanations in Leichte Sprache on the start page and on a conference's public page are
 * checked with the project's own checker: no warning may remain. (Info hints, such as a long
 * word already split by a Mediopunkt, are accepted.) The German messages are read from the
 * catalogue itself, so an edit there is checked too.
 */
const de: Record<string, string> = JSON.parse(readFileSync(new URL('../../../messages/de.json', import.meta.url), 'utf8'));

const EASY_KEYS = ['a11y_easy_what_text', 'a11y_easy_use_text', 'a11y_easy_barriers_text', 'a11y_public_easy_text'];

describe('easy-language explanations', () => {
	for (const key of EASY_KEYS) {
		it(`${key} gives no warnings and keeps one sentence per line`, () => {
			const text = de[key];
			expect(text, key).toBeTruthy();
			const { hints } = checkEasyLanguage(text, { maxWords: 10, separator: 'mediopunkt' });
			const warnings = hints.filter((h) => h.severity === 'warning').map((h) => `${h.rule}: ${h.excerpt}`);
			expect(warnings).toEqual([]);
			for (const line of text.split('\n')) {
				expect(line.trim(), key).toMatch(/[.?!:]$/);
				expect(line.split(/\s+/).length, line).toBeLessThanOrEqual(10);
			}
		});
	}

	it('reports every hint for review (documents what is accepted)', () => {
		const all = EASY_KEYS.flatMap((key) =>
			checkEasyLanguage(de[key], { separator: 'mediopunkt' }).hints.map((h) => `${key} ${h.severity} ${h.rule}: ${h.excerpt}`)
		);
		expect(all.filter((h) => h.includes(' warning '))).toEqual([]);
	});
});
