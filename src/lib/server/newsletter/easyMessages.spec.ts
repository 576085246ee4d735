import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '$lib/easy/checker';
import { RULE_IDS } from '$lib/easy/types';

/**
 * The newsletter's words in Leichte Sprache (the easy sign-up page, its consent text, the
 * confirmation mail of the easy edition) pass the checker like the easy pages' own messages
 * (see $lib/easy/easyMessages.spec.ts). The checker helps; the Prüfgruppe decides.
 */
const de: Record<string, string> = JSON.parse(readFileSync(new URL('../../../../messages/de.json', import.meta.url), 'utf8'));
const keys = Object.keys(de).filter((key) => key.startsWith('subscribe_easy_') || key.startsWith('subscribe_mail_easy_'));
const fill = (text: string) => text.replace(/\{conference\}/g, 'Gesundheits-Konferenz Musterstadt');

describe('the newsletter speaks Leichte Sprache where it says so', () => {
	it('has its messages', () => {
		expect(keys.length).toBeGreaterThan(10);
	});

	it.each(keys)('%s', (key) => {
		const text = fill(de[key]);
		const problems = checkEasyLanguage(text, { maxWords: 10, separator: 'hyphen' })
			.hints.filter((hint) => RULE_IDS.includes(hint.rule))
			.map((hint) => `${hint.rule}: "${hint.excerpt}"${hint.suggestion ? ` → ${hint.suggestion}` : ''}`);
		expect(problems, text).toEqual([]);
	});
});
