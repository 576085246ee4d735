import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PICTOGRAMS } from './pictograms';

describe('pictograms', () => {
	it.each(PICTOGRAMS)('%s is an accessible SVG with a title and no text inside', (name) => {
		const svg = readFileSync(new URL(`../../../static/pictograms/${name}.svg`, import.meta.url), 'utf8');
		expect(svg).toMatch(/^<svg [^>]*role="img"/);
		expect(svg).toMatch(/<title[^>]*>[^<]+<\/title>/);
		// Words belong next to the picture, never inside it.
		expect(svg).not.toMatch(/<text\b/);
	});
});
