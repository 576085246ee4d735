/**
 * Who holds the seats, set against who should: per sector the target and the actual count, and
 * how many seats are missing. Pure, so the composition view and its tests count the same way.
 */

export interface SectorTarget {
	id: string;
	name: string;
	/** null: no target set for this body (a group without targets for the sector). */
	target: number | null;
}

export interface CompositionRow {
	/** null: the members without a sector ("ohne Sektor"). */
	sectorId: string | null;
	name: string | null;
	target: number | null;
	actual: number;
	/** Seats below the target (0 when the target is met or there is none). */
	missing: number;
}

/**
 * One row per sector in the given order, and a last row for those without a sector (or with a
 * sector no longer in the list) when there are any. `holders` is each seat holder's sector id.
 */
export function compose(sectors: readonly SectorTarget[], holders: readonly (string | null)[]): CompositionRow[] {
	const known = new Set(sectors.map((s) => s.id));
	const counts = new Map<string | null, number>();
	for (const sector of holders) {
		const key = sector !== null && known.has(sector) ? sector : null;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const rows: CompositionRow[] = sectors.map((s) => {
		const actual = counts.get(s.id) ?? 0;
		return { sectorId: s.id, name: s.name, target: s.target, actual, missing: s.target === null ? 0 : Math.max(0, s.target - actual) };
	});
	const without = counts.get(null) ?? 0;
	if (without > 0) rows.push({ sectorId: null, name: null, target: null, actual: without, missing: 0 });
	return rows;
}

/** The totals row: seats held, seats targeted (sectors with a target), seats missing. */
export function compositionTotals(rows: readonly CompositionRow[]) {
	return {
		target: rows.reduce((s, r) => s + (r.target ?? 0), 0),
		actual: rows.reduce((s, r) => s + r.actual, 0),
		missing: rows.reduce((s, r) => s + r.missing, 0)
	};
}
