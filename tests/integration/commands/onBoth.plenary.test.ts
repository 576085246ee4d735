import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConferenceRole, MemberStatus } from '../../../src/lib/domain/roles';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { readSpeakers } from '../../../src/lib/plenary/speakers';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { assignSittingMinuteTaker } from '../../../src/lib/server/commands/assignSittingMinuteTaker';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { createPlenarySession } from '../../../src/lib/server/commands/createPlenarySession';
import { markPresent } from '../../../src/lib/server/commands/markPresent';
import { removeAttendance } from '../../../src/lib/server/commands/removeAttendance';
import { requestToSpeak } from '../../../src/lib/server/commands/requestToSpeak';
import { updateMemberSeat } from '../../../src/lib/server/commands/updateMemberSeat';
import { updatePlenarySession } from '../../../src/lib/server/commands/updatePlenarySession';
import { withdrawFromSpeakers } from '../../../src/lib/server/commands/withdrawFromSpeakers';
import type { Data } from '../../../src/lib/server/db/client';
import type { Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The plenary's commands on the data layer, on both databases: each does its job and refuses what
 * it refused before; on PostgreSQL the rules that span rows (README, "Rules that span rows") hold
 * when two instances run the real command at once.
 */
const at = new Date('2026-12-03T10:00:00Z');
const subject = { conferenceId: 'north', sessionId: 's1' };

const standing = (conferenceId: string, role: ConferenceRole, memberStatus: MemberStatus | null = null): Actor['conferences'] =>
	new Map([[conferenceId, { roles: new Set([role]), memberStatus }]]);
const person = (personId: string, conferences: Actor['conferences']): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const office = person('office', standing('north', 'office'));
const member = (personId: string) => person(personId, standing('north', 'member', 'voting'));

/** A conference with an office, three voting members and one sitting today (s1), none present. */
async function seed(data: Data): Promise<void> {
	const { q, t } = data;
	await q.insert(t.people).values(['office', 'm1', 'm2', 'm3'].map((id) => ({ id, displayName: id })));
	await q.insert(t.conferences).values([
		{ id: 'north', name: 'Nord', region: 'Kreis Nord' },
		{ id: 'south', name: 'Süd', region: 'Kreis Süd' }
	]);
	await q
		.insert(t.conferenceMemberships)
		.values([
			{ conferenceId: 'north', personId: 'office', role: 'office' },
			...['m1', 'm2', 'm3'].map((personId) => ({ conferenceId: 'north', personId, role: 'member' as const, memberStatus: 'voting' as const }))
		]);
	await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' });
	await q.insert(t.conferenceSectors).values([
		{ id: 'sec-n', conferenceId: 'north', name: 'Krankenkassen' },
		{ id: 'sec-s', conferenceId: 'south', name: 'Kliniken' }
	]);
}

const present = async (data: Data, sessionId = 's1') => {
	const { attendance } = data.t;
	return (await data.q.select({ personId: attendance.personId, method: attendance.method }).from(attendance).where(eq(attendance.sessionId, sessionId))).sort(
		(a, b) => a.personId.localeCompare(b.personId)
	);
};
const audited = async (data: Data, action: string) => {
	const { auditLog } = data.t;
	return (
		await data.q
			.select({ id: auditLog.seq })
			.from(auditLog)
			.where(and(eq(auditLog.action, action), eq(auditLog.subjectId, 's1')))
	).length;
};

describe.each(DIALECTS)('the plenary commands on %s', (dialect) => {
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

	describe('attendance', () => {
		it('checks in with the code once, marks present, takes back; refuses a wrong code, twice present, nobody there', async () => {
			const first = await checkIn(data, member('m1'), { code: 'abc def', method: 'code', now: at });
			expect(first).toMatchObject({ alreadyPresent: false, attendance: { personId: 'm1', method: 'code' } });
			const again = await checkIn(data, member('m1'), { code: 'ABCDEF', method: 'qr', now: at });
			expect(again).toMatchObject({ alreadyPresent: true, attendance: { method: 'code' } });
			expect(await refusalOf(checkIn(data, member('m2'), { code: 'ZZZZZZ', method: 'code', now: at }))).toBe('check_in_code_unknown');

			expect(await markPresent(data, office, { ...subject, personId: 'm2', now: at })).toMatchObject({ method: 'office', recordedByPersonId: 'office' });
			expect(await refusalOf(markPresent(data, office, { ...subject, personId: 'm1', now: at }))).toBe('already_present');
			expect(await present(data)).toEqual([
				{ personId: 'm1', method: 'code' },
				{ personId: 'm2', method: 'office' }
			]);

			await removeAttendance(data, office, { ...subject, personId: 'm2' });
			expect(await refusalOf(removeAttendance(data, office, { ...subject, personId: 'm2' }))).toBe('not_present');
			expect(await present(data)).toEqual([{ personId: 'm1', method: 'code' }]);
			// The drafting of the sitting's claims is asked for once, whoever came.
			const { jobs } = data.t;
			expect(await data.q.select().from(jobs).where(eq(jobs.kind, 'allowances.draftClaims'))).toHaveLength(1);
		});

		it.runIf(dialect === 'postgres')('two instances checking the same person in at once: one row, one entry, both answered', async () => {
			const other = await db.another();
			const [a, b] = await Promise.all([
				checkIn(data, member('m1'), { code: 'ABCDEF', method: 'code', now: at }),
				checkIn(other, member('m1'), { code: 'ABCDEF', method: 'qr', now: at })
			]);
			expect([a.alreadyPresent, b.alreadyPresent].sort()).toEqual([false, true]);
			expect(a.attendance.id).toBe(b.attendance.id);
			expect(await present(data)).toHaveLength(1);
			expect(await audited(data, 'attendance.checkIn')).toBe(1);
		});

		it.runIf(dialect === 'postgres')('the office marking one person present from two instances at once: one succeeds, the other is refused', async () => {
			const other = await db.another();
			const results = await Promise.allSettled([
				markPresent(data, office, { ...subject, personId: 'm3', now: at }),
				markPresent(other, office, { ...subject, personId: 'm3', now: at })
			]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const refused = results.find((r) => r.status === 'rejected');
			expect(refused && (refused.reason as { code?: string }).code).toBe('already_present');
			expect(await present(data)).toEqual([{ personId: 'm3', method: 'office' }]);
			expect(await audited(data, 'attendance.record')).toBe(1);
		});

		it.runIf(dialect === 'postgres')('two removals at once from two instances: one removes, the other is refused as not present', async () => {
			await markPresent(data, office, { ...subject, personId: 'm3', now: at });
			const other = await db.another();
			const results = await Promise.allSettled([
				removeAttendance(data, office, { ...subject, personId: 'm3' }),
				removeAttendance(other, office, { ...subject, personId: 'm3' })
			]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const refused = results.find((r) => r.status === 'rejected');
			expect(refused && (refused.reason as { code?: string }).code).toBe('not_present');
			expect(await present(data)).toEqual([]);
			expect(await audited(data, 'attendance.remove')).toBe(1);
		});
	});

	describe('the session, its minute-taker, the speakers, the seats', () => {
		it('creates a session with a check-in code of its own; a member may not', async () => {
			const created = await createPlenarySession(data, office, { conferenceId: 'north', title: 'Plenum 2', startsAt: at, place: 'Saal', videoUrl: null });
			expect(created).toMatchObject({ conferenceId: 'north', title: 'Plenum 2' });
			expect(created.checkInCode).toMatch(/^[A-Z0-9]{6}$/);
			expect(created.checkInCode).not.toBe('ABCDEF');
			const { auditLog } = data.t;
			expect(await data.q.select().from(auditLog).where(eq(auditLog.subjectId, created.id))).toHaveLength(1);
			await expect(
				createPlenarySession(data, member('m1'), { conferenceId: 'north', title: 'x', startsAt: at, place: 'y', videoUrl: null })
			).rejects.toMatchObject({ reason: 'forbidden' });
		});

		it('updates a session and names a minute-taker; refuses an unknown session and a person from elsewhere', async () => {
			const changed = await updatePlenarySession(data, office, { ...subject, title: 'Plenum (verlegt)', startsAt: at, place: 'Online', videoUrl: null });
			expect(changed).toMatchObject({ title: 'Plenum (verlegt)', place: 'Online', checkInCode: 'ABCDEF' });
			expect(
				await refusalOf(updatePlenarySession(data, office, { conferenceId: 'north', sessionId: 'nope', title: 'x', startsAt: at, place: 'y', videoUrl: null }))
			).toBe('not_found');

			await assignSittingMinuteTaker(data, office, { ...subject, personId: 'm2' });
			const { sittingMinutes } = data.t;
			expect(await data.q.select({ taker: sittingMinutes.minuteTakerPersonId, status: sittingMinutes.status }).from(sittingMinutes)).toEqual([
				{ taker: 'm2', status: 'draft' }
			]);
			await data.q.insert(data.t.people).values({ id: 'stranger', displayName: 'stranger' });
			expect(await refusalOf(assignSittingMinuteTaker(data, office, { ...subject, personId: 'stranger' }))).toBe('person_not_in_conference');
			expect(await audited(data, 'plenary.update')).toBe(1);
		});

		it('puts a checked-in member on the speakers list and takes them off; refuses one not checked in, and twice', async () => {
			await checkIn(data, member('m1'), { code: 'ABCDEF', method: 'code', now: at });
			expect(await refusalOf(requestToSpeak(data, member('m2'), subject))).toBe('not_checked_in');
			await requestToSpeak(data, member('m1'), subject);
			expect(await refusalOf(requestToSpeak(data, member('m1'), subject))).toBe('already_on_list');
			const queue = async () => (await readDocumentOn(data, plenaryDoc('s1'), (doc) => readSpeakers(doc).queue)).map((entry) => entry.personId);
			expect(await queue()).toEqual(['m1']);
			await withdrawFromSpeakers(data, member('m1'), subject);
			expect(await queue()).toEqual([]);
		});

		it("sets a member's seat and term, with a reminder job; refuses a sector of another conference", async () => {
			const until = new Date('2027-06-30T00:00:00Z');
			await updateMemberSeat(data, office, { conferenceId: 'north', personId: 'm1', sectorId: 'sec-n', appointedFrom: at, appointedUntil: until, now: at });
			const { memberSeats, jobs } = data.t;
			expect(await data.q.select({ sectorId: memberSeats.sectorId, until: memberSeats.appointedUntil }).from(memberSeats)).toEqual([
				{ sectorId: 'sec-n', until }
			]);
			expect(await data.q.select().from(jobs).where(eq(jobs.kind, 'members.termReminder'))).toHaveLength(1);
			expect(
				await refusalOf(
					updateMemberSeat(data, office, { conferenceId: 'north', personId: 'm1', sectorId: 'sec-s', appointedFrom: null, appointedUntil: null, now: at })
				)
			).toBe('not_found');
		});

		it.runIf(dialect === 'postgres')('two instances asking to speak for the same person at once: one place on the list, the other refused', async () => {
			await checkIn(data, member('m1'), { code: 'ABCDEF', method: 'code', now: at });
			const other = await db.another();
			const results = await Promise.allSettled([requestToSpeak(data, member('m1'), subject), requestToSpeak(other, member('m1'), subject)]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const refused = results.find((r) => r.status === 'rejected');
			expect(refused && (refused.reason as { code?: string }).code).toBe('already_on_list');
			expect((await readDocumentOn(data, plenaryDoc('s1'), (doc) => readSpeakers(doc).queue)).map((entry) => entry.personId)).toEqual(['m1']);
		});

		it.runIf(dialect === 'postgres')('two instances giving a member a first seat at once: one seat, the later change kept', async () => {
			const other = await db.another();
			await Promise.all([
				updateMemberSeat(data, office, { conferenceId: 'north', personId: 'm3', sectorId: 'sec-n', appointedFrom: null, appointedUntil: null, now: at }),
				updateMemberSeat(other, office, { conferenceId: 'north', personId: 'm3', sectorId: null, appointedFrom: null, appointedUntil: null, now: at })
			]);
			const { memberSeats, auditLog } = data.t;
			expect(await data.q.select().from(memberSeats).where(eq(memberSeats.personId, 'm3'))).toHaveLength(1);
			expect(await data.q.select().from(auditLog).where(eq(auditLog.action, 'member.seatUpdated'))).toHaveLength(2);
		});
	});
});
