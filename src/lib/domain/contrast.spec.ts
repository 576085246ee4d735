import { describe, expect, it } from 'vitest';
import { accentContrast, accentMeetsAA, contrastRatio, parseHexColour } from './contrast';

describe('contrast of an accent colour (WCAG 2.2 AA)', () => {
	it('computes the ratios WCAG gives for known pairs', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
		// The order does not matter.
		expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(contrastRatio('#ffffff', '#767676'), 10);
		// #767676 is the classic lightest grey that passes 4.5:1 on white; #777777 fails.
		expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
	});

	it('accepts dark accents and our own primary blue', () => {
		for (const colour of ['#0b4f8a', '#1b5e20', '#a4161a', '#4b0082', '#000000']) expect(accentMeetsAA(colour), colour).toBe(true);
	});

	it('refuses light accents: yellow, light blue, the grey that passes on white but not on the light-grey surfaces', () => {
		for (const colour of ['#ffd700', '#87ceeb', '#ffffff', '#ff8c00']) expect(accentMeetsAA(colour), colour).toBe(false);
		// 4.54:1 on white, but only 4.16:1 on the header and notices (#f3f5f8): text there would fail AA.
		expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThan(4.5);
		expect(accentMeetsAA('#767676')).toBe(false);
		expect(accentContrast('#767676')).toBeCloseTo(4.16, 1);
	});

	it('reads the colours people type and refuses anything else', () => {
		expect(parseHexColour('#0B4F8A')).toBe('#0b4f8a');
		expect(parseHexColour('0b4f8a')).toBe('#0b4f8a');
		expect(parseHexColour(' #abc ')).toBe('#aabbcc');
		for (const bad of ['', 'blue', '#12345', '#gggggg', 'rgb(0,0,0)', '#0b4f8a; background: red', 'url(x)']) expect(parseHexColour(bad), bad).toBeNull();
	});
});
