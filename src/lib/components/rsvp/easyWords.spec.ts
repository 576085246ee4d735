import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '$lib/easy/checker';
import { RULE_IDS } from '$lib/easy/types';

/** The answer page in Leichte Sprache and the moved-up mail's easy edition: every German text passes the checker. */
const de: Record<string, string> = JSON.parse(readFileSync(new URL('../../../../messages/de.json', import.meta.url), 'utf8'));
const SAMPLES: Record<string, string> = { name: 'Lena Maurer', date: '15. August 2026', time: '9:00', number: '3', title: 'Plenum im Mai', place: 'Raum 101' };
const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name] ?? 'Lena');
const keys = Object.keys(de).filter((key) => key.startsWith('rsvp_easy_') || key.startsWith('rsvp_mail_easy_'));

describe('the answer page and its mail speak Leichte Sprache', () => {
	it('has its texts', () => expect(keys.length).toBeGreaterThan(30));

	it.each(keys)('%s', (key) => {
		const problems = checkEasyLanguage(fill(de[key]), { maxWords: 10, separator: 'hyphen' })
			.hints.filter((hint) => RULE_IDS.includes(hint.rule))
			.map((hint) => `${hint.rule}: "${hint.excerpt}"`);
		expect(problems, de[key]).toEqual([]);
	});
});
