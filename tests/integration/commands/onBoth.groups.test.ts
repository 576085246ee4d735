import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minutesDoc } from '../../../src/lib/collab/docNames';
import { BODY, readStatus } from '../../../src/lib/minutes/document';
import { bodyHtml } from '../../../src/lib/minutes/render';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { approveMinutes } from '../../../src/lib/server/commands/approveMinutes';
import { assignGroupRole } from '../../../src/lib/server/commands/assignGroupRole';
import { circulateMinutes } from '../../../src/lib/server/commands/circulateMinutes';
import { createWorkingGroup } from '../../../src/lib/server/commands/createWorkingGroup';
import { removeGroupRole } from '../../../src/lib/server/commands/removeGroupRole';
import { saveGroupSectorTargets } from '../../../src/lib/server/commands/saveGroupSectorTargets';
import { updateWorkingGroup } from '../../../src/lib/server/commands/updateWorkingGroup';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { markMeetingPresent } from '../../../src/lib/server/commands/markMeetingPresent';
import { removeMeetingAttendance } from '../../../src/lib/server/commands/removeMeetingAttendance';
import { updateGroupMeeting } from '../../../src/lib/server/commands/updateGroupMeeting';
import { restoreMinutesVersion } from '../../../src/lib/server/commands/restoreMinutesVersion';
import { returnMinutesToDraft } from '../../../src/lib/server/commands/returnMinutesToDraft';
import { saveMinutesVersion } from '../../../src/lib/server/commands/saveMinutesVersion';
import type { Data } from '../../../src/lib/server/db/client';
import { lockForUpdate } from '../../../src/lib/server/db/locks';
import { loadActorOn } from '../../../src/lib/server/policies/actor';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The working groups' commands on the data layer, on both databases: each does its job and
 * refuses what it refused before. On PostgreSQL, the rules that span rows (README, "Rules that
 * span rows"), with the real commands run from two instances at once.
 */
const at = new Date('2026-12-03T10:00:00Z');
const where = { conferenceId: 'north', groupId: 'g1', meetingId: 'm1' };

/** A conference with one working group (a coordinator, a minute-taker, two members) and one meeting of it. */
async function seed(data: Data): Promise<void> {
	const { q, t } = data;
	const people = ['coord', 'taker', 'member', 'other', 'office'];
	await q.insert(t.people).values(people.map((id) => ({ id, displayName: id, email: `${id}@example.org` })));
	await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
	await q
		.insert(t.conferenceMemberships)
		.values([
			...people
				.filter((id) => id !== 'office')
				.map((personId) => ({ conferenceId: 'north', personId, role: 'member' as const, memberStatus: 'voting' as const })),
			{ conferenceId: 'north', personId: 'office', role: 'office' as const }
		]);
	await q.insert(t.workingGroups).values({ id: 'g1', conferenceId: 'north', name: 'AG Wohnen', description: null });
	await q.insert(t.groupMemberships).values([
		{ groupId: 'g1', personId: 'coord', role: 'coordinator' },
		{ groupId: 'g1', personId: 'taker', role: 'minute_taker' },
		{ groupId: 'g1', personId: 'member', role: 'member' }
	]);
	await q.insert(t.groupMeetings).values({
		id: 'm1',
		groupId: 'g1',
		title: 'Treffen',
		startsAt: at,
		durationMinutes: 90,
		place: 'Raum 1',
		agenda: ['Bericht'],
		minuteTakerPersonId: 'taker'
	});
}

const actor = (data: Data, personId: string) => loadActorOn(data, personId);

/** The minutes' text: one paragraph written into their body, as an editor would. */
async function write(data: Data, text: string) {
	await changeDocumentOn(data, minutesDoc('m1'), (doc) => {
		const body = doc.getXmlFragment(BODY);
		body.delete(0, body.length);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		body.insert(0, [paragraph]);
	});
}

/** PostgreSQL: how many connections to this database wait for a lock. */
async function lockWaits(data: Data): Promise<number> {
	const rows = await data.rows<{ n: string }>(sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
	return Number(rows[0].n);
}

async function waitFor(check: () => Promise<boolean>, what: string, boundMs = 5000): Promise<void> {
	for (const start = Date.now(); !(await check()); await new Promise((resolve) => setTimeout(resolve, 10)))
		if (Date.now() - start > boundMs) throw new Error(`timed out waiting for ${what}`);
}

type Held = 'groupMeetings' | 'workingGroups' | 'conferences' | 'meetingAttendance';

/**
 * A barrier: a third connection holds a row until `release()`; commands started meanwhile queue
 * behind it. `FOR UPDATE` (`key`): also the foreign-key checks of rows inserted under it wait.
 */
async function holdRow(holder: Data, table: Held, id: string, key = false) {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	let locked = () => {};
	const isLocked = new Promise<void>((resolve) => (locked = resolve));
	const held = holder.transaction(async (tx) => {
		const t = holder.t[table];
		if (key) await holder.rows(sql`SELECT ${t.id} FROM ${t} WHERE ${t.id} = ${id} FOR UPDATE`, tx);
		else await lockForUpdate(holder, tx, t, id);
		locked();
		await released;
	});
	await isLocked;
	return { release, held };
}

/** Runs `commands` together behind a held row, and lets them go once `waiting` of them wait for a lock. */
async function together<T>(db: TempData, table: Held, id: string, waiting: number, commands: () => Promise<T>[], key = false) {
	const [holder, watcher] = [await db.another(), await db.another()];
	const barrier = await holdRow(holder, table, id, key);
	const all = Promise.all(commands());
	await waitFor(async () => (await lockWaits(watcher)) >= waiting, `${waiting} commands waiting`).finally(barrier.release);
	await barrier.held;
	return all;
}

describe.each(DIALECTS)('the working groups’ commands on %s', (dialect) => {
	let db: TempData;
	let data: Data;
	beforeEach(async () => {
		db = await tempData(dialect);
		data = db.data;
		await seed(data);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	async function versions() {
		const { minutesVersions } = data.t;
		return data.q.select().from(minutesVersions).where(eq(minutesVersions.meetingId, 'm1')).orderBy(minutesVersions.number);
	}
	async function minutesRow() {
		const { meetingMinutes } = data.t;
		return (await data.q.select().from(meetingMinutes).where(eq(meetingMinutes.meetingId, 'm1')))[0];
	}

	describe('minutes', () => {
		it('go round (a mail to each member concerned), back to draft, round again and are approved: each step a version, the document shows the status', async () => {
			await write(data, 'Die AG hat beraten.');
			const circulated = await circulateMinutes(data, await actor(data, 'taker'), { ...where, now: at, origin: 'https://example.org' });
			expect(circulated.number).toBe(1);
			expect(await readDocumentOn(data, minutesDoc('m1'), readStatus)).toBe('circulated');
			const { jobs } = data.t;
			const mails = await data.q.select().from(jobs).where(eq(jobs.kind, 'mail.minutesCirculated'));
			expect(mails.map((j) => JSON.parse(j.payload).personId).sort()).toEqual(['coord', 'member']);

			await returnMinutesToDraft(data, await actor(data, 'coord'), where);
			expect((await minutesRow()).status).toBe('draft');
			await write(data, 'Die AG hat beraten und beschlossen.');
			await circulateMinutes(data, await actor(data, 'taker'), { ...where, notify: false });
			const approved = await approveMinutes(data, await actor(data, 'coord'), where);
			expect(approved.number).toBe(4);
			expect(await readDocumentOn(data, minutesDoc('m1'), readStatus)).toBe('approved');
			expect(await minutesRow()).toMatchObject({ status: 'approved', approvedByPersonId: 'coord' });
			const all = await versions();
			expect(all.map((v) => [v.number, v.reason, v.status])).toEqual([
				[1, 'circulated', 'circulated'],
				[2, 'returned', 'draft'],
				[3, 'circulated', 'circulated'],
				[4, 'approved', 'approved']
			]);
			expect(all[3].html).toContain('Die AG hat beraten und beschlossen.');
			const { auditLog } = data.t;
			const logged = await data.q.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, 'm1'));
			expect(logged.map((a) => a.action).sort()).toEqual(['minutes.approve', 'minutes.circulate', 'minutes.circulate', 'minutes.returnToDraft']);
		});

		it('refuse a step from the wrong status, and those who may not take it, writing nothing', async () => {
			expect(await refusalOf(approveMinutes(data, await actor(data, 'coord'), where))).toBe('minutes_wrong_status');
			await expect(circulateMinutes(data, await actor(data, 'member'), where)).rejects.toMatchObject({ status: 403 });
			await expect(saveMinutesVersion(data, await actor(data, 'other'), where)).rejects.toMatchObject({ status: 403 });
			expect(await refusalOf(circulateMinutes(data, await actor(data, 'taker'), { ...where, meetingId: 'nope' }))).toBe('not_found');
			expect(await versions()).toEqual([]);
			expect(await minutesRow()).toBeUndefined();
		});

		it('keep a version of the text, and bring back an earlier one, keeping the text it replaces', async () => {
			await write(data, 'Erste Fassung.');
			const first = await saveMinutesVersion(data, await actor(data, 'member'), where);
			await write(data, 'Falsch ergänzt.');
			await expect(restoreMinutesVersion(data, await actor(data, 'member'), { ...where, versionId: first.id })).rejects.toMatchObject({ status: 403 });
			expect(await refusalOf(restoreMinutesVersion(data, await actor(data, 'taker'), { ...where, versionId: 'nope' }))).toBe('minutes_version_unknown');
			const restored = await restoreMinutesVersion(data, await actor(data, 'taker'), { ...where, versionId: first.id });
			expect(restored).toMatchObject({ number: 3, restoredFrom: 1 });
			expect(await readDocumentOn(data, minutesDoc('m1'), bodyHtml)).toContain('Erste Fassung.');
			expect(await readDocumentOn(data, minutesDoc('m1'), bodyHtml)).not.toContain('Falsch');
			const all = await versions();
			expect(all.map((v) => v.reason)).toEqual(['saved', 'before_restore', 'restored']);
			expect(all[1].html).toContain('Falsch ergänzt.');
			expect(all[2].restoredFromNumber).toBe(1);
		});

		if (dialect === 'postgres') {
			it('of two instances circulating at once, one takes the step and the other is refused as minutes_wrong_status (the meeting row held)', async () => {
				const [taker, coord] = [await actor(data, 'taker'), await actor(data, 'coord')];
				const other = await db.another();
				const steps = await together(db, 'groupMeetings', 'm1', 2, () => [
					refusalOf(circulateMinutes(data, taker, { ...where, notify: false })),
					refusalOf(circulateMinutes(other, coord, { ...where, notify: false }))
				]);
				expect(steps.sort()).toEqual(['minutes_wrong_status', undefined]);
				expect((await versions()).map((v) => [v.number, v.reason])).toEqual([[1, 'circulated']]);
			});

			it('of an approval and a return to draft at once, one wins and the other reads its status', async () => {
				const coord = await actor(data, 'coord');
				await circulateMinutes(data, await actor(data, 'taker'), { ...where, notify: false });
				const other = await db.another();
				const steps = await together(db, 'groupMeetings', 'm1', 2, () => [
					refusalOf(approveMinutes(data, coord, where)),
					refusalOf(returnMinutesToDraft(other, coord, where))
				]);
				expect(steps.sort()).toEqual(['minutes_wrong_status', undefined]);
				const row = await minutesRow();
				expect((await versions()).map((v) => [v.number, v.status])).toEqual([
					[1, 'circulated'],
					[2, row.status]
				]);
				expect(await readDocumentOn(data, minutesDoc('m1'), readStatus)).toBe(row.status);
			});

			it('numbers the versions of two instances saving at once one after the other', async () => {
				const member = await actor(data, 'member');
				const other = await db.another();
				const saved = await together(db, 'groupMeetings', 'm1', 2, () => [saveMinutesVersion(data, member, where), saveMinutesVersion(other, member, where)]);
				expect(saved.map((v) => v.number).sort()).toEqual([1, 2]);
				expect((await versions()).map((v) => v.number)).toEqual([1, 2]);
			});
		}
	});
	describe('meetings', () => {
		const details = {
			title: 'Treffen 2',
			startsAt: at,
			durationMinutes: 60,
			place: 'Raum 2',
			videoUrl: null,
			agenda: ['Bericht', 'Verschiedenes'],
			moderatorPersonId: 'member',
			minuteTakerPersonId: 'taker'
		};
		const marking = { ...where, personId: 'member', now: at };

		it('are planned and changed, with who was there marked once and taken back; a claim drafting is asked for', async () => {
			const coord = await actor(data, 'coord');
			const meeting = await createGroupMeeting(data, coord, { ...where, ...details });
			expect(meeting).toMatchObject({ groupId: 'g1', agenda: ['Bericht', 'Verschiedenes'], moderatorPersonId: 'member' });
			const changed = await updateGroupMeeting(data, coord, {
				...where,
				meetingId: meeting.id,
				...details,
				title: 'Treffen 2b',
				place: null,
				videoUrl: 'https://video.example/ag'
			});
			expect(changed).toMatchObject({ title: 'Treffen 2b', place: null, videoUrl: 'https://video.example/ag' });
			const taker = await actor(data, 'taker');
			const row = await markMeetingPresent(data, taker, marking);
			expect(row).toMatchObject({ meetingId: 'm1', personId: 'member', recordedByPersonId: 'taker' });
			const { jobs, meetingAttendance, auditLog } = data.t;
			expect(await data.q.select({ key: jobs.key }).from(jobs).where(eq(jobs.kind, 'allowances.draftClaims'))).toEqual([
				{ key: 'allowances.draftClaims:meeting:m1' }
			]);
			await removeMeetingAttendance(data, await actor(data, 'office'), marking);
			expect(await data.q.select().from(meetingAttendance)).toEqual([]);
			const logged = await data.q.select({ action: auditLog.action }).from(auditLog);
			expect(logged.map((a) => a.action).sort()).toEqual(['meeting.create', 'meeting.update', 'meetingAttendance.record', 'meetingAttendance.remove']);
		});

		it('refuse a meeting without a place, a stranger as minute-taker, a second mark and the removal of none', async () => {
			const coord = await actor(data, 'coord');
			expect(await refusalOf(createGroupMeeting(data, coord, { ...where, ...details, place: null }))).toBe('meeting_needs_place');
			expect(await refusalOf(updateGroupMeeting(data, coord, { ...where, ...details, minuteTakerPersonId: 'other' }))).toBe('person_not_in_group');
			await expect(createGroupMeeting(data, await actor(data, 'member'), { ...where, ...details })).rejects.toMatchObject({ status: 403 });
			const taker = await actor(data, 'taker');
			await markMeetingPresent(data, taker, marking);
			expect(await refusalOf(markMeetingPresent(data, taker, marking))).toBe('already_present');
			expect(await refusalOf(markMeetingPresent(data, taker, { ...marking, personId: 'other' }))).toBe('person_not_in_group');
			expect(await refusalOf(removeMeetingAttendance(data, taker, { ...marking, personId: 'coord' }))).toBe('not_present');
			expect(await refusalOf(updateGroupMeeting(data, coord, { ...where, meetingId: 'nope', ...details }))).toBe('not_found');
		});

		if (dialect === 'postgres') {
			it('of two instances marking one person at once, both past the check, the unique index refuses the second as already_present', async () => {
				const taker = await actor(data, 'taker');
				const other = await db.another();
				// The meeting's row held FOR UPDATE: both inserts' foreign-key checks wait there, after both checks found nobody.
				const marks = await together(
					db,
					'groupMeetings',
					'm1',
					2,
					() => [refusalOf(markMeetingPresent(data, taker, marking)), refusalOf(markMeetingPresent(other, taker, marking))],
					true
				);
				expect(marks.sort()).toEqual(['already_present', undefined]);
				const { meetingAttendance } = data.t;
				expect(await data.q.select().from(meetingAttendance)).toHaveLength(1);
			});

			it('of two instances taking one mark back at once, one removes it and the other is refused as not_present', async () => {
				const [taker, office] = [await actor(data, 'taker'), await actor(data, 'office')];
				const mark = await markMeetingPresent(data, taker, marking);
				const other = await db.another();
				const removals = await together(db, 'meetingAttendance', mark.id, 2, () => [
					refusalOf(removeMeetingAttendance(data, office, marking)),
					refusalOf(removeMeetingAttendance(other, office, marking))
				]);
				expect(removals.sort()).toEqual(['not_present', undefined]);
				const { auditLog } = data.t;
				expect(await data.q.select().from(auditLog).where(eq(auditLog.action, 'meetingAttendance.remove'))).toHaveLength(1);
			});
		}
	});
	describe('groups, their roles and their sector targets', () => {
		it('give and take a role in a group, refusing one held twice or not held', async () => {
			const office = await actor(data, 'office');
			const role = { ...where, personId: 'other', role: 'member' as const };
			await assignGroupRole(data, office, role);
			const { groupMemberships } = data.t;
			expect(await data.q.select({ role: groupMemberships.role }).from(groupMemberships).where(eq(groupMemberships.personId, 'other'))).toEqual([
				{ role: 'member' }
			]);
			expect(await refusalOf(assignGroupRole(data, office, role))).toBe('role_already_held');
			expect(await refusalOf(assignGroupRole(data, office, { ...role, personId: 'nobody' }))).toBe('person_not_in_conference');
			await removeGroupRole(data, office, role);
			expect(await refusalOf(removeGroupRole(data, office, role))).toBe('role_not_held');
			expect(await data.q.select().from(groupMemberships).where(eq(groupMemberships.personId, 'other'))).toEqual([]);
		});

		it('create and change groups, one steering group per conference', async () => {
			const office = await actor(data, 'office');
			const steering = await createWorkingGroup(data, office, { conferenceId: 'north', name: 'Lenkungsgruppe', description: null, kind: 'steering' });
			expect(steering).toMatchObject({ kind: 'steering', name: 'Lenkungsgruppe' });
			expect(await refusalOf(createWorkingGroup(data, office, { conferenceId: 'north', name: 'Zweite', description: null, kind: 'steering' }))).toBe(
				'steering_group_exists'
			);
			expect(await refusalOf(updateWorkingGroup(data, office, { ...where, name: 'AG Wohnen', description: null, kind: 'steering' }))).toBe(
				'steering_group_exists'
			);
			await updateWorkingGroup(data, office, { ...where, name: 'AG Wohnen und Leben', description: 'neu', kind: 'other' });
			const { workingGroups } = data.t;
			expect((await data.q.select().from(workingGroups).where(eq(workingGroups.id, 'g1')))[0]).toMatchObject({ name: 'AG Wohnen und Leben', kind: 'other' });
		});

		it("replace a group's sector targets, refusing a sector of no conference of theirs", async () => {
			const { conferenceSectors, sectorGroupTargets } = data.t;
			await data.q.insert(conferenceSectors).values([
				{ id: 's1', conferenceId: 'north', name: 'Pflege' },
				{ id: 's2', conferenceId: 'north', name: 'Selbsthilfe' }
			]);
			const office = await actor(data, 'office');
			await saveGroupSectorTargets(data, office, { conferenceId: 'north', groupId: 'g1', targets: { s1: 2, s2: 1 } });
			await saveGroupSectorTargets(data, office, { conferenceId: 'north', groupId: 'g1', targets: { s1: 3, s2: null } });
			expect(await data.q.select({ sectorId: sectorGroupTargets.sectorId, targetSeats: sectorGroupTargets.targetSeats }).from(sectorGroupTargets)).toEqual([
				{ sectorId: 's1', targetSeats: 3 }
			]);
			expect(await refusalOf(saveGroupSectorTargets(data, office, { conferenceId: 'north', groupId: 'g1', targets: { nope: 1 } }))).toBe('not_found');
		});

		if (dialect === 'postgres') {
			it('of two instances giving one role at once, one gives it and the other is refused as role_already_held (the key)', async () => {
				const office = await actor(data, 'office');
				const other = await db.another();
				const role = { ...where, personId: 'other', role: 'coordinator' as const };
				const given = await Promise.all([refusalOf(assignGroupRole(data, office, role)), refusalOf(assignGroupRole(other, office, role))]);
				expect(given.sort()).toEqual(['role_already_held', undefined]);
			});

			it('of two instances creating a steering group at once, both past the check, the index refuses the second as steering_group_exists', async () => {
				const office = await actor(data, 'office');
				const other = await db.another();
				const input = (name: string) => ({ conferenceId: 'north', name, description: null, kind: 'steering' as const });
				// The conference's row held FOR UPDATE: both inserts' foreign-key checks wait there, after both checks found none.
				const created = await together(
					db,
					'conferences',
					'north',
					2,
					() => [refusalOf(createWorkingGroup(data, office, input('A'))), refusalOf(createWorkingGroup(other, office, input('B')))],
					true
				);
				expect(created.sort()).toEqual(['steering_group_exists', undefined]);
			});
		}
	});
});
