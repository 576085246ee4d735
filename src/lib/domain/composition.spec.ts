import { describe, expect, it } from 'vitest';
import { compose, compositionTotals } from './composition';

const sectors = [
	{ id: 'kk', name: 'Krankenkassen', target: 3 },
	{ id: 'sh', name: 'Selbsthilfe und Selbstvertretung', target: 5 },
	{ id: 'pol', name: 'Politik', target: null }
];

describe('composition by sector', () => {
	it('counts seat holders per sector in the list order and the seats missing below each target', () => {
		const rows = compose(sectors, ['kk', 'kk', 'kk', 'kk', 'sh', 'sh', 'pol']);
		expect(rows.map((r) => [r.sectorId, r.target, r.actual, r.missing])).toEqual([
			['kk', 3, 4, 0],
			['sh', 5, 2, 3],
			['pol', null, 1, 0]
		]);
	});

	it('counts members without a sector, and those of a sector since removed, as "ohne Sektor"', () => {
		const rows = compose(sectors, [null, 'gone', 'kk']);
		expect(rows.at(-1)).toEqual({ sectorId: null, name: null, target: null, actual: 2, missing: 0 });
	});

	it('leaves out the "ohne Sektor" row when everyone has a sector, and shows empty sectors with 0', () => {
		const rows = compose(sectors, []);
		expect(rows).toHaveLength(3);
		expect(rows.every((r) => r.actual === 0)).toBe(true);
		expect(compositionTotals(rows)).toEqual({ target: 8, actual: 0, missing: 8 });
	});
});
