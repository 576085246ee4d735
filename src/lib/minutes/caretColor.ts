/**
 * A person's caret colour, the same on every screen: picked from colours dark enough for white
 * name labels (contrast ≥ 4.5:1) and told apart by name, not by colour alone.
 */
const COLOURS = ['#0b4f8a', '#8a1c7c', '#1b5e20', '#a4161a', '#6d3d00', '#3f3f9f', '#00626b', '#7a2e0e'];

export function caretColor(name: string): string {
	let hash = 0;
	for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
	return COLOURS[hash % COLOURS.length];
}
