/**
 * Folds a string for forgiving search: case, accents and ß do not matter, so "muller" finds
 * "Müller" and "özd" finds "Özdemir". (SQLite's lower() only knows ASCII, hence done here.)
 */
export function foldForSearch(text: string): string {
	return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('de').replace(/ß/g, 'ss');
}

export function matchesSearch(term: string, ...fields: (string | null | undefined)[]): boolean {
	const needle = foldForSearch(term.trim());
	if (!needle) return true;
	return fields.some((field) => field && foldForSearch(field).includes(needle));
}
