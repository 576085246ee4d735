import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseDiversityProfile } from '../../src/lib/server/commands/eraseDiversityProfile';
import { recordDiversityProfile, type DiversityAnswers } from '../../src/lib/server/commands/recordDiversityProfile';
import { saveGroupSectorTargets } from '../../src/lib/server/commands/saveGroupSectorTargets';
import { saveSectors } from '../../src/lib/server/commands/saveSectors';
import { updateMemberSeat } from '../../src/lib/server/commands/updateMemberSeat';
import { CommandError } from '../../src/lib/server/commands/support/errors';
import { first, type Data } from '../../src/lib/server/db/client';
import { membersTermReminder, termReminderKey } from '../../src/lib/server/jobs/kinds/membersTermReminder';
import { loadActorOn } from '../../src/lib/server/policies';
import { diversityAggregates, listSectors, memberComposition } from '../../src/lib/server/queries/members';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { startSmtpCapture } from './support/smtpCapture';

let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const smtpBefore = process.env.SMTP_URL;
const DAY = 86_400_000;

beforeAll(async () => {
	smtp = await startSmtpCapture();
	process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
	process.env.SMTP_URL = smtpBefore;
	await smtp.close();
});

const answers = (over: Partial<DiversityAnswers> = {}): DiversityAnswers => ({
	ageBand: '50_to_64',
	gender: 'woman',
	disability: 'yes',
	chronicIllness: 'no',
	psychiatric: 'no_answer',
	migration: 'no',
	caringRelative: 'yes',
	...over
});

// The suites build on one another (sectors, then seats, then the view of both), so each dialect
// runs them all, in order, on one fixture of its own.
describe.each(DIALECTS)('members on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	const actor = (who: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[who]);

	beforeAll(() => {
		({ data, fixture } = on);
	});

	/** Adds `n` voting members to conference A (and to `groupId`), returning their ids. */
	async function addMembers(n: number, groupId?: string): Promise<string[]> {
		const { q, t } = data;
		const ids: string[] = [];
		for (let i = 0; i < n; i++) {
			const person = first(
				await q
					.insert(t.people)
					.values({ displayName: `Mitglied ${i}` })
					.returning()
			)!;
			await q.insert(t.conferenceMemberships).values({ conferenceId: fixture.conferenceA.id, personId: person.id, role: 'member', memberStatus: 'voting' });
			if (groupId) await q.insert(t.groupMemberships).values({ groupId, personId: person.id, role: 'member' });
			ids.push(person.id);
		}
		return ids;
	}

	describe('sectors', () => {
		it('the office keeps the list: adds, renames, reorders and removes; names are unique', async () => {
			const conferenceId = fixture.conferenceA.id;
			await saveSectors(data, await actor('office'), {
				conferenceId,
				sectors: [
					{ id: null, name: 'Krankenkassen', targetSeats: 3, field: 'name_new' },
					{ id: null, name: 'Selbsthilfe', targetSeats: 5, field: 'name_new' }
				]
			});
			const [kk, sh] = await listSectors(data, conferenceId);
			// Swap the order and the names in one save: the unique index never sees a clash.
			await saveSectors(data, await actor('office'), {
				conferenceId,
				sectors: [
					{ id: sh.id, name: 'Krankenkassen', targetSeats: 5, field: `name_${sh.id}` },
					{ id: kk.id, name: 'Selbsthilfe', targetSeats: 3, field: `name_${kk.id}` }
				]
			});
			expect((await listSectors(data, conferenceId)).map((s) => [s.id, s.name, s.targetSeats])).toEqual([
				[sh.id, 'Krankenkassen', 5],
				[kk.id, 'Selbsthilfe', 3]
			]);
			await expect(
				saveSectors(data, await actor('office'), {
					conferenceId,
					sectors: [
						{ id: sh.id, name: 'Pflege', targetSeats: 1, field: 'name_a' },
						{ id: null, name: ' pflege ', targetSeats: 1, field: 'name_new' }
					]
				})
			).rejects.toThrow(expect.objectContaining({ code: 'sector_name_taken', field: 'name_new' }));
			await expect(saveSectors(data, await actor('votingMember'), { conferenceId, sectors: [] })).rejects.toThrow();
			await expect(saveSectors(data, await actor('otherOffice'), { conferenceId, sectors: [] })).rejects.toThrow();
		});

		it('group targets belong to the conference’s sectors only', async () => {
			const conferenceId = fixture.conferenceA.id;
			const [s1] = await listSectors(data, conferenceId);
			await saveGroupSectorTargets(data, await actor('office'), { conferenceId, groupId: fixture.group.id, targets: { [s1.id]: 2 } });
			await expect(saveGroupSectorTargets(data, await actor('office'), { conferenceId, groupId: fixture.group.id, targets: { nope: 1 } })).rejects.toThrow(
				CommandError
			);
		});
	});

	describe('seats and the term reminder', () => {
		it('records sector and term, schedules the reminder 60 days before the end, re-schedules on change', async () => {
			const conferenceId = fixture.conferenceA.id;
			const personId = fixture.targetId;
			const [sector] = await listSectors(data, conferenceId);
			const now = new Date('2030-01-01T00:00:00Z');
			const until = new Date('2030-12-31T00:00:00Z');
			await updateMemberSeat(data, await actor('office'), {
				conferenceId,
				personId,
				sectorId: sector.id,
				appointedFrom: now,
				appointedUntil: until,
				now
			});
			const key = termReminderKey({ conferenceId, personId, until: until.getTime() });
			const job = first(await data.q.select().from(data.t.jobs).where(eq(data.t.jobs.key, key)))!;
			expect(job.kind).toBe('members.termReminder');
			expect(job.runAt.getTime()).toBe(until.getTime() - 60 * DAY);

			await expect(
				updateMemberSeat(data, await actor('office'), {
					conferenceId,
					personId,
					sectorId: null,
					appointedFrom: until,
					appointedUntil: now,
					now
				})
			).rejects.toThrow(expect.objectContaining({ code: 'term_ends_before_start' }));
			// A sector of another conference is not one of this conference's.
			await expect(
				updateMemberSeat(data, await actor('otherOffice'), {
					conferenceId,
					personId,
					sectorId: null,
					appointedFrom: null,
					appointedUntil: null
				})
			).rejects.toThrow();
		});

		it('the reminder mails the office once and does nothing when the term changed meanwhile', async () => {
			const conferenceId = fixture.conferenceA.id;
			const personId = fixture.targetId;
			await data.q.update(data.t.people).set({ email: 'buero@test.example' }).where(eq(data.t.people.id, fixture.ids.office));
			const now = new Date();
			const until = new Date(now.getTime() + 30 * DAY);
			await updateMemberSeat(data, await actor('office'), {
				conferenceId,
				personId,
				sectorId: null,
				appointedFrom: null,
				appointedUntil: until,
				now
			});
			const job = first(
				await data.q
					.select()
					.from(data.t.jobs)
					.where(eq(data.t.jobs.key, termReminderKey({ conferenceId, personId, until: until.getTime() })))
			)!;
			// Nearer than 60 days: due at once.
			expect(job.runAt.getTime()).toBe(now.getTime());
			const run = (payload: unknown) =>
				membersTermReminder.run(membersTermReminder.parse(payload), {
					data: data,
					jobId: job.id,
					attempt: 1,
					signal: new AbortController().signal
				});
			const before = smtp.received.length;
			await run(JSON.parse(job.payload));
			await run(JSON.parse(job.payload));
			const mails = smtp.received.slice(before);
			expect(mails).toHaveLength(1);
			expect(mails[0].to).toEqual(['buero@test.example']);
			expect(first(await data.q.select().from(data.t.memberSeats).where(eq(data.t.memberSeats.personId, personId)))!.termRemindedAt).not.toBeNull();

			// The end moves: the old job finds another end and stays silent; the new end is reminded of again.
			const later = new Date(now.getTime() + 40 * DAY);
			await updateMemberSeat(data, await actor('office'), {
				conferenceId,
				personId,
				sectorId: null,
				appointedFrom: null,
				appointedUntil: later,
				now
			});
			expect(first(await data.q.select().from(data.t.memberSeats).where(eq(data.t.memberSeats.personId, personId)))!.termRemindedAt).toBeNull();
			await run(JSON.parse(job.payload));
			expect(smtp.received.length).toBe(before + 1);
			await run({ conferenceId, personId, until: later.getTime() });
			expect(smtp.received.length).toBe(before + 2);
		});
	});

	describe('the composition view', () => {
		it('counts plenary seats and group seats per sector, "ohne Sektor", and lists terms ending within 90 days; nothing of conference B', async () => {
			const conferenceId = fixture.conferenceA.id;
			const [s1, s2] = await listSectors(data, conferenceId);
			await updateMemberSeat(data, await actor('office'), {
				conferenceId,
				personId: fixture.ids.votingMember,
				sectorId: s1.id,
				appointedFrom: null,
				appointedUntil: null
			});
			await updateMemberSeat(data, await actor('office'), {
				conferenceId,
				personId: fixture.ids.deputy,
				sectorId: s2.id,
				appointedFrom: null,
				appointedUntil: null
			});
			const c = await memberComposition(data, conferenceId);
			const row = (id: string | null) => c.plenary.find((r) => r.sectorId === id)!;
			expect(row(s1.id).actual).toBe(1);
			// The deputy holds no seat of their own: listed apart.
			expect(row(s2.id).actual).toBe(0);
			expect(c.deputies.find((r) => r.sectorId === s2.id)!.actual).toBe(1);
			const { conferenceMemberships } = data.t;
			const members = (
				await data.q
					.select()
					.from(conferenceMemberships)
					.where(and(eq(conferenceMemberships.conferenceId, conferenceId), eq(conferenceMemberships.role, 'member')))
			).filter((m) => m.memberStatus !== 'deputy').length;
			expect(c.plenary.reduce((s, r) => s + r.actual, 0)).toBe(members);
			expect(row(null).actual).toBe(members - 1);
			const group = c.groups.find((g) => g.id === fixture.group.id)!;
			expect(group.rows.find((r) => r.sectorId === s1.id)!.target).toBe(2);
			expect(c.endingTerms.map((t) => t.personId)).toEqual([fixture.targetId]);
			// Conference B's sectors and seats never show in A's view.
			await saveSectors(data, await actor('otherOffice'), {
				conferenceId: fixture.conferenceB.id,
				sectors: [{ id: null, name: 'Nur in B', targetSeats: 9, field: 'name_new' }]
			});
			expect((await memberComposition(data, conferenceId)).plenary.map((r) => r.name)).not.toContain('Nur in B');
			expect((await memberComposition(data, fixture.conferenceB.id)).plenary.map((r) => r.name)).toEqual(['Nur in B']);
		});
	});

	describe('self-descriptions', () => {
		it('stores nothing without consent; records, changes and erases; the audit never holds an answer', async () => {
			const conferenceId = fixture.conferenceA.id;
			const personId = fixture.ids.votingMember;
			await expect(recordDiversityProfile(data, await actor('votingMember'), { conferenceId, personId, consent: false, ...answers() })).rejects.toThrow(
				expect.objectContaining({ code: 'diversity_consent_required' })
			);
			expect(await data.q.select().from(data.t.diversityProfiles)).toHaveLength(0);
			await recordDiversityProfile(data, await actor('votingMember'), { conferenceId, personId, consent: true, ...answers() });
			await recordDiversityProfile(data, await actor('office'), { conferenceId, personId, consent: true, ...answers({ gender: 'diverse', migration: 'yes' }) });
			expect(first(await data.q.select().from(data.t.diversityProfiles))).toMatchObject({ gender: 'diverse', consentRecordedBy: fixture.ids.office });
			// Only the person themselves and the office.
			await expect(recordDiversityProfile(data, await actor('advisoryMember'), { conferenceId, personId, consent: true, ...answers() })).rejects.toThrow();
			await expect(recordDiversityProfile(data, await actor('otherOffice'), { conferenceId, personId, consent: true, ...answers() })).rejects.toThrow();

			expect(await eraseDiversityProfile(data, await actor('votingMember'), { conferenceId, personId })).toEqual({ erased: true });
			expect(await data.q.select().from(data.t.diversityProfiles)).toHaveLength(0);
			// In the order written: PostgreSQL returns rows unordered unless asked.
			const audit = (await data.q.select().from(data.t.auditLog).orderBy(data.t.auditLog.seq)).filter((a) => a.action.startsWith('diversity.'));
			expect(audit.map((a) => a.action)).toEqual(['diversity.recorded', 'diversity.changed', 'diversity.erased']);
			const text = JSON.stringify(audit);
			for (const value of ['diverse', 'woman', '50_to_64', 'migration', 'disability', 'no_answer']) expect(text).not.toContain(value);
		});

		it('the aggregates count per population with small counts suppressed, and never see conference B', async () => {
			const conferenceId = fixture.conferenceA.id;
			const inGroup = await addMembers(8, fixture.group.id);
			const outside = await addMembers(6);
			for (const [i, personId] of [...inGroup, ...outside].entries())
				await recordDiversityProfile(data, await actor('office'), {
					conferenceId,
					personId,
					consent: true,
					...answers({ gender: i % 2 === 0 ? 'woman' : 'man', disability: i === 0 ? 'yes' : 'no' })
				});
			// A self-description in conference B, for a person of conference B, must not count in A.
			const b = first(await data.q.insert(data.t.people).values({ displayName: 'B' }).returning())!;
			await data.q
				.insert(data.t.conferenceMemberships)
				.values({ conferenceId: fixture.conferenceB.id, personId: b.id, role: 'member', memberStatus: 'voting' });
			await recordDiversityProfile(data, await actor('otherOffice'), { conferenceId: fixture.conferenceB.id, personId: b.id, consent: true, ...answers() });

			const { populations, tables } = await diversityAggregates(data, conferenceId);
			expect(populations[0].key).toBe('plenary');
			const plenary = tables[0];
			expect(plenary.responses).toEqual({ value: 14 });
			expect(plenary.counts.gender.woman).toEqual({ value: 7 });
			expect(plenary.counts.disability.yes).toEqual({ suppressed: 'small' });
			// "no" (13) may stay: with "no_answer" (0) suppressed as well, 14 − 13 = 1 is the sum of two hidden cells, neither known.
			expect(plenary.counts.disability.no_answer).toEqual({ suppressed: 'small' });
			expect(plenary.counts.disability.no).toEqual({ value: 13 });
			const group = tables[populations.findIndex((p) => p.key === fixture.group.id)];
			// Gender 4/4 in the group is small.
			expect(group.counts.gender.woman).toEqual({ suppressed: 'small' });
			// The six outside the group all answered "no" on disability: plenary 13 − group 7 with the totals 14 − 8 would
			// prove that none of them said "yes"; one of those four figures is withheld.
			const shown = [plenary.responses, group.responses, plenary.counts.disability.no, group.counts.disability.no].filter((c) => 'value' in c);
			expect(shown.length).toBeLessThan(4);
			expect((await diversityAggregates(data, fixture.conferenceB.id)).tables[0].responses).toEqual({ suppressed: 'small' });
		});
	});
});
