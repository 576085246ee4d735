import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cacheIntlConstructors } from '../../../scripts/lib/paraglideIntlCache';

describe("paraglide's registry, as the build rewrites it", () => {
	const source = readFileSync(new URL('../paraglide/registry.js', import.meta.url), 'utf8');
	const rewritten = cacheIntlConstructors(source) ?? '';

	it('makes no Intl formatter per message any more', () => {
		expect(source).toContain('new Intl.PluralRules(');
		expect(rewritten.match(/new Intl\.\w+\(/g)).toBeNull();
	});

	it('picks the same plurals and formats the same numbers, reusing one formatter', async () => {
		const registry = await import(`data:text/javascript;base64,${Buffer.from(rewritten).toString('base64')}`);
		for (const n of [0, 1, 2, 5, 21]) {
			expect(registry.plural('de', n)).toBe(new Intl.PluralRules('de').select(n));
			expect(registry.plural('en', n, { type: 'ordinal' })).toBe(new Intl.PluralRules('en', { type: 'ordinal' }).select(n));
		}
		expect(registry.number('de', 1234.5)).toBe(new Intl.NumberFormat('de').format(1234.5));
	});
});
