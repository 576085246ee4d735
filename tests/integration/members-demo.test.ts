import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { diversityAggregates, listSectors, memberComposition } from '../../src/lib/server/queries/members';
import { sqliteData } from '../../src/lib/server/db/client';
import { tempDatabase } from './support/db';

const storage = tempDatabase();
const db = storage.db;
const data = sqliteData(db.$client);
let conferenceId: string;
beforeAll(async () => {
	conferenceId = (await seedDemo(sqliteData(db.$client), 'http://localhost:3000')).conferenceId;
});
afterAll(() => storage.cleanup());

describe('the demo’s members by seat', () => {
	it('has sectors with targets, gaps in some, members without a sector, and a term ending within 60 days', async () => {
		const sectors = await listSectors(data, conferenceId);
		expect(sectors.find((s) => s.name === 'Selbsthilfe und Selbstvertretung')?.targetSeats).toBe(5);
		const c = await memberComposition(data, conferenceId);
		expect(c.plenary.some((r) => r.missing > 0)).toBe(true);
		expect(c.plenary.some((r) => r.target !== null && r.missing === 0 && r.actual >= r.target)).toBe(true);
		expect(c.plenary.at(-1)?.sectorId).toBeNull();
		expect(c.groups.filter((g) => g.rows.some((r) => r.target !== null))).toHaveLength(3);
		const soon = c.endingTerms.filter((t) => t.appointedUntil.getTime() - Date.now() < 60 * 86_400_000);
		expect(soon.length).toBeGreaterThanOrEqual(1);
	});

	it('has self-descriptions where some plenary counts reach 5 and others are suppressed', async () => {
		const { tables } = await diversityAggregates(data, conferenceId);
		const cells = Object.values(tables[0].counts).flatMap((answers) => Object.values(answers));
		expect(cells.filter((c) => 'value' in c).length).toBeGreaterThan(3);
		expect(cells.filter((c) => 'suppressed' in c).length).toBeGreaterThan(3);
		expect(tables[0].responses).toEqual({ value: 16 });
	});
});
