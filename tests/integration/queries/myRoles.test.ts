import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMyRoles } from '../../../src/lib/server/queries/myRoles';
import { DIALECTS, tempData, type TempData } from '../support/data';

describe.each(DIALECTS)('listMyRoles on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
		const { q, t } = db.data;
		await q.insert(t.people).values([
			{ id: 'anna', displayName: 'Anna Albers' },
			{ id: 'ben', displayName: 'Ben Brandt' }
		]);
		await q.insert(t.conferences).values([
			{ id: 'north', name: 'Nord', region: 'Kreis Nord' },
			{ id: 'south', name: 'Süd', region: 'Kreis Süd' }
		]);
		await q.insert(t.conferenceMemberships).values([
			{ conferenceId: 'north', personId: 'anna', role: 'office' },
			{ conferenceId: 'north', personId: 'anna', role: 'member', memberStatus: 'deputy', deputyForPersonId: 'ben' },
			{ conferenceId: 'north', personId: 'ben', role: 'member', memberStatus: 'voting' },
			{ conferenceId: 'south', personId: 'anna', role: 'moderator' }
		]);
		await q.insert(t.workingGroups).values([
			{ id: 'pflege', conferenceId: 'north', name: 'Pflege' },
			{ id: 'apotheken', conferenceId: 'north', name: 'Apotheken' },
			{ id: 'sued', conferenceId: 'south', name: 'Südgruppe' }
		]);
		await q.insert(t.groupMemberships).values([
			{ groupId: 'pflege', personId: 'anna', role: 'coordinator' },
			{ groupId: 'apotheken', personId: 'anna', role: 'member' },
			{ groupId: 'sued', personId: 'anna', role: 'member' },
			{ groupId: 'pflege', personId: 'ben', role: 'member' }
		]);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it("gives a person's roles in one conference in the same order on both, a deputy with the name of whom they stand in for", async () => {
		const { roles } = await listMyRoles(db.data, 'north', 'anna');
		expect(roles).toEqual([
			{ role: 'member', memberStatus: 'deputy', deputyFor: { displayName: 'Ben Brandt' } },
			{ role: 'office', memberStatus: null, deputyFor: null }
		]);
	});

	it("lists that conference's working groups the person belongs to, by name, and no other conference's", async () => {
		const { groups } = await listMyRoles(db.data, 'north', 'anna');
		expect(groups).toEqual([
			{ id: 'apotheken', name: 'Apotheken', role: 'member' },
			{ id: 'pflege', name: 'Pflege', role: 'coordinator' }
		]);
	});

	it('gives nothing in a conference the person holds no role in', async () => {
		expect(await listMyRoles(db.data, 'south', 'ben')).toEqual({ roles: [], groups: [] });
	});
});
