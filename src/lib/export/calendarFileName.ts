/** "Plenum: Pflege zu Hause" on 3 Dec 2026 → `plenum-pflege-zu-hause-2026-12-03.ics`: plain ASCII, safe in any header. */
export function calendarFileName(title: string, day: string, fallback: string): string {
	const slug = title
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 60)
		.replace(/^-+|-+$/g, '');
	return `${slug || fallback}-${day}.ics`;
}
