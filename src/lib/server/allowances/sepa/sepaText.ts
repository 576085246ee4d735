/**
 * Text as SEPA files carry it. The ISO schema allows any Unicode, but the EPC's rulebook limits
 * credit transfers to the basic Latin set (a–z A–Z 0–9 / - ? : ( ) . , ' + and space), and
 * banks replace or refuse anything else, so names and lines are written in that set: umlauts as
 * German banks spell them (ä → ae, ß → ss), other accents dropped, everything else a space.
 */
export const SEPA_NAME_MAX = 70;
export const SEPA_REMITTANCE_MAX = 140;
export const SEPA_ID_MAX = 35;

const SPELLED: Record<string, string> = {
	ä: 'ae',
	ö: 'oe',
	ü: 'ue',
	Ä: 'Ae',
	Ö: 'Oe',
	Ü: 'Ue',
	ß: 'ss',
	ẞ: 'SS',
	Æ: 'AE',
	æ: 'ae',
	Ø: 'O',
	ø: 'o',
	Œ: 'OE',
	œ: 'oe',
	Ł: 'L',
	ł: 'l',
	'&': '+'
};
const NOT_SEPA = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/** The text in the SEPA Latin set, blanks collapsed. */
export function toSepaLatin(text: string): string {
	return text
		.replace(/[äöüÄÖÜßẞÆæØøŒœŁł&]/g, (c) => SPELLED[c])
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[‐‑‒–—]/g, '-')
		.replace(/[‘’‚`´]/g, "'")
		.replace(NOT_SEPA, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** At most `max` characters, cut at a word where one is near, never leaving a blank at the end. */
export function cutSepa(text: string, max: number): string {
	if (text.length <= max) return text;
	const cut = text.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return (space >= max - 15 ? cut.slice(0, space) : cut).trimEnd();
}

/** A name (the account holder, the office's account) for Nm: SEPA Latin, at most 70 characters. */
export function sepaName(name: string): string {
	return cutSepa(toSepaLatin(name), SEPA_NAME_MAX);
}
