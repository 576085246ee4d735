import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEasyLanguage } from '../../../easy/checker';

/**
 * The refusals of a receipt or a line as "Mein Geld" shows them (`claimedit_easy_*`): checked like
 * every easy message, so no rule of the checker flags them.
 */
const de: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../../../../messages/de.json', import.meta.url), 'utf8'));

describe('easy refusals of lines and receipts', () => {
	const keys = Object.keys(de).filter((key) => key.startsWith('claimedit_easy_'));
	it('exist', () => expect(keys.length).toBeGreaterThanOrEqual(6));
	it.each(keys)('%s passes the easy-language checker', (key) => {
		expect(checkEasyLanguage(de[key] as string).hints.map((h) => `${h.rule}: ${h.excerpt}`)).toEqual([]);
	});
});
