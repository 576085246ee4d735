/**
 * Contrast of colours as WCAG 2.2 defines it (relative luminance of sRGB, ratio (L1 + 0.05) /
 * (L2 + 0.05)). A conference's accent colour is used for links, for the background of buttons
 * with white text, and for marks and stripes; it is accepted only where all of that stays AA.
 */

/** A colour as people type it in a form: #rgb or #rrggbb (the `#` optional), any case. */
export function parseHexColour(input: string): string | null {
	const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
	if (!match) return null;
	const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1];
	return `#${hex.toLowerCase()}`;
}

function channel(value: number): number {
	const c = value / 255;
	return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
	const n = Number.parseInt(hex.slice(1), 16);
	return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** The contrast ratio of two #rrggbb colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}

/** AA: text and images of text 4.5:1 (1.4.3); borders, marks and focus 3:1 (1.4.11). */
export const AA_TEXT = 4.5;
export const AA_NON_TEXT = 3;

/**
 * The backgrounds an accent meets as text (white pages, the light grey of the header, notices and
 * tags) and the text it carries as a button's background (white). `app.css` has them as --bg and --surface.
 */
export const ACCENT_BACKGROUNDS = ['#ffffff', '#f3f5f8'] as const;

/** The weakest contrast an accent has where it is used, rounded down to two places as shown to people. */
export function accentContrast(hex: string): number {
	const lowest = Math.min(...ACCENT_BACKGROUNDS.map((bg) => contrastRatio(hex, bg)));
	return Math.floor(lowest * 100) / 100;
}

/** Whether an accent may be used for text and buttons (and so for everything else it marks). */
export function accentMeetsAA(hex: string): boolean {
	return Math.min(...ACCENT_BACKGROUNDS.map((bg) => contrastRatio(hex, bg))) >= AA_TEXT;
}
