import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	conferenceExistsOn,
	digestSubjectByIdOn,
	findMinutesSubjectOn,
	findSittingMinutesSubjectOn,
	groupSubjectOn,
	meetingSubjectByIdOn,
	plenarySubjectOn,
	recommendationSubjectByIdOn
} from '../../../src/lib/server/policies/subjects';
import { DIALECTS, tempData, type TempData } from '../support/data';

const T = new Date(1_780_000_000_000);

/** What the route guard and the commands ask about the ids in a URL, on the data layer. */
describe.each(DIALECTS)('subject lookups on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
		const { q, t } = db.data;
		await q.insert(t.people).values({ id: 'anna', displayName: 'Anna' });
		await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
		await q.insert(t.workingGroups).values({ id: 'pflege', conferenceId: 'north', name: 'Pflege' });
		await q.insert(t.groupMeetings).values([
			{ id: 'm1', groupId: 'pflege', title: 'Treffen', startsAt: T, durationMinutes: 60, place: 'Rathaus', agenda: [], moderatorPersonId: 'anna' },
			{ id: 'm2', groupId: 'pflege', title: 'Treffen 2', startsAt: T, durationMinutes: 60, place: 'Rathaus', agenda: [] }
		]);
		await q.insert(t.meetingMinutes).values({ meetingId: 'm2', status: 'circulated', updatedAt: T });
		await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: T, place: 'Rathaus', checkInCode: 'abc', createdAt: T });
		await q.insert(t.recommendations).values({ id: 'r1', conferenceId: 'north', groupId: 'pflege', title: 'Empfehlung', statusChangedAt: T });
		await q.insert(t.digests).values({ id: 'd1', conferenceId: 'north', title: 'Rundbrief' });
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('name the conference and group each id belongs to, and nothing for an unknown id', async () => {
		const { data } = db;
		expect(await conferenceExistsOn(data, 'north')).toBe(true);
		expect(await conferenceExistsOn(data, 'south')).toBe(false);
		expect(await groupSubjectOn(data, 'pflege')).toEqual({ conferenceId: 'north', groupId: 'pflege' });
		expect(await meetingSubjectByIdOn(data, 'm1')).toEqual({ conferenceId: 'north', groupId: 'pflege', moderatorPersonId: 'anna', minuteTakerPersonId: null });
		expect(await plenarySubjectOn(data, 's1')).toEqual({ conferenceId: 'north', sessionId: 's1' });
		expect(await recommendationSubjectByIdOn(data, 'r1')).toMatchObject({ conferenceId: 'north', groupId: 'pflege', status: expect.any(String) });
		expect(await digestSubjectByIdOn(data, 'd1')).toEqual({ conferenceId: 'north', state: expect.any(String) });
		expect(await groupSubjectOn(data, 'nope')).toBeUndefined();
		expect(await digestSubjectByIdOn(data, 'nope')).toBeUndefined();
	});

	it('minutes without a row yet are a draft; with one, at its status; inside a transaction too', async () => {
		const { data } = db;
		expect((await findMinutesSubjectOn(data, 'm1'))?.status).toBe('draft');
		expect((await findMinutesSubjectOn(data, 'm2'))?.status).toBe('circulated');
		expect(await findMinutesSubjectOn(data, 'nope')).toBeNull();
		expect(await findSittingMinutesSubjectOn(data, 's1')).toEqual({ conferenceId: 'north', sessionId: 's1', minuteTakerPersonId: null, status: 'draft' });
		await data.transaction(async (tx) => {
			await tx.insert(data.t.sittingMinutes).values({ sessionId: 's1', minuteTakerPersonId: 'anna', status: 'draft', updatedAt: T });
			expect(await findSittingMinutesSubjectOn(data, 's1', tx)).toEqual({ conferenceId: 'north', sessionId: 's1', minuteTakerPersonId: 'anna', status: 'draft' });
		});
	});
});
