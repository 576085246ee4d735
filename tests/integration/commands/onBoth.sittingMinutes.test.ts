import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConferenceRole, MemberStatus } from '../../../src/lib/domain/roles';
import { sittingMinutesDoc } from '../../../src/lib/collab/docNames';
import { readStatus } from '../../../src/lib/minutes/document';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { approveSittingMinutes } from '../../../src/lib/server/commands/approveSittingMinutes';
import { circulateSittingMinutes } from '../../../src/lib/server/commands/circulateSittingMinutes';
import { returnSittingMinutesToDraft } from '../../../src/lib/server/commands/returnSittingMinutesToDraft';
import type { Data } from '../../../src/lib/server/db/client';
import { lockForUpdate } from '../../../src/lib/server/db/locks';
import type { Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { refusalOf } from '../support/errors';

/**
 * The sitting minutes' steps on the data layer, on both databases: each step stores the status, a
 * version with the resolutions as they stand and the status in the document; circulating mails the
 * members. On PostgreSQL, two instances taking a step at once: one takes it, the other reads where
 * the first left the minutes (README, "Rules that span rows": the sitting's row).
 */
const at = new Date('2026-12-03T10:00:00Z');
const where = { conferenceId: 'north', sessionId: 's1', now: at };

const standing = (role: ConferenceRole, memberStatus: MemberStatus | null = null): Actor['conferences'] =>
	new Map([['north', { roles: new Set([role]), memberStatus }]]);
const person = (personId: string, conferences: Actor['conferences']): Actor => ({
	personId,
	isPlatformAdmin: false,
	hasAccount: true,
	conferences,
	groups: new Map()
});
const office = person('office', standing('office'));
const member = person('m1', standing('member', 'voting'));

/** A conference with an office, two voting members with an address and one sitting (s1) with a resolution. */
async function seed(data: Data): Promise<void> {
	const { q, t } = data;
	await q.insert(t.people).values([
		{ id: 'office', displayName: 'Olga Amt', email: 'amt@example.org' },
		{ id: 'm1', displayName: 'Mia Mitglied', email: 'mia@example.org' },
		{ id: 'm2', displayName: 'Max Mitglied', email: 'max@example.org' }
	]);
	await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
	await q.insert(t.conferenceMemberships).values([
		{ conferenceId: 'north', personId: 'office', role: 'office' },
		{ conferenceId: 'north', personId: 'm1', role: 'member', memberStatus: 'voting' },
		{ conferenceId: 'north', personId: 'm2', role: 'member', memberStatus: 'voting' }
	]);
	await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: at, place: 'Saal', checkInCode: 'ABCDEF' });
}

async function openAPoll(data: Data): Promise<void> {
	await data.q.insert(data.t.polls).values({
		sessionId: 's1',
		agendaItemId: 'item-1',
		itemTitle: 'Haushalt',
		motion: 'Der Haushalt wird beschlossen.',
		kind: 'vote',
		secrecy: 'secret',
		majority: 'simple',
		quorumPercent: 50,
		openedAt: at
	});
}

const statusOf = async (data: Data) => {
	const { sittingMinutes } = data.t;
	return (await data.q.select({ status: sittingMinutes.status }).from(sittingMinutes).where(eq(sittingMinutes.sessionId, 's1')))[0]?.status;
};
const versionsOf = async (data: Data) => {
	const { sittingMinutesVersions } = data.t;
	return (
		await data.q
			.select({ number: sittingMinutesVersions.number, reason: sittingMinutesVersions.reason })
			.from(sittingMinutesVersions)
			.where(eq(sittingMinutesVersions.sessionId, 's1'))
	).sort((a, b) => a.number - b.number);
};
const mailsQueued = async (data: Data) => {
	const { jobs } = data.t;
	return (await data.q.select({ kind: jobs.kind }).from(jobs).where(eq(jobs.kind, 'mail.minutesCirculated'))).length;
};
const documentStatus = (data: Data) => readDocumentOn(data, sittingMinutesDoc('s1'), readStatus);

describe.each(DIALECTS)('the sitting minutes’ steps on %s', (dialect) => {
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

	it('circulates (mailing both members), returns to draft, circulates again and approves; each step a version and the status in the document', async () => {
		const first = await circulateSittingMinutes(data, office, { ...where, correctionsUntil: new Date('2026-12-10T23:00:00Z') });
		expect(first).toEqual({ version: { id: expect.any(String), number: 1 }, mailed: 2 });
		expect(await statusOf(data)).toBe('circulated');
		expect(await documentStatus(data)).toBe('circulated');
		expect(await mailsQueued(data)).toBe(2);

		await returnSittingMinutesToDraft(data, office, where);
		expect(await statusOf(data)).toBe('draft');
		expect(await documentStatus(data)).toBe('draft');

		expect((await circulateSittingMinutes(data, office, where)).version.number).toBe(3);
		const approved = await approveSittingMinutes(data, office, where);
		expect(approved).toEqual({ version: { id: expect.any(String), number: 4 }, mailed: 0 });
		expect(await statusOf(data)).toBe('approved');
		expect(await documentStatus(data)).toBe('approved');
		expect(await versionsOf(data)).toEqual([
			{ number: 1, reason: 'circulated' },
			{ number: 2, reason: 'returned' },
			{ number: 3, reason: 'circulated' },
			{ number: 4, reason: 'approved' }
		]);
		// A new version mails again: two for each circulation.
		expect(await mailsQueued(data)).toBe(4);
	});

	it('refuses a step from the wrong status, a member who may not take it, and circulating while a vote is open', async () => {
		expect(await refusalOf(approveSittingMinutes(data, office, where))).toBe('minutes_wrong_status');
		await expect(circulateSittingMinutes(data, member, where)).rejects.toMatchObject({ status: 403 });
		await openAPoll(data);
		expect(await refusalOf(circulateSittingMinutes(data, office, where))).toBe('sitting_minutes_poll_open');
		expect(await statusOf(data)).toBeUndefined();
		expect(await versionsOf(data)).toEqual([]);
		expect(await mailsQueued(data)).toBe(0);
	});

	it.runIf(dialect === 'postgres')('two instances circulating at once: one circulates and mails, the other is refused', async () => {
		const other = await db.another();
		const outcomes = await Promise.allSettled([circulateSittingMinutes(data, office, where), circulateSittingMinutes(other, office, where)]);
		const refused = outcomes.filter((o) => o.status === 'rejected');
		expect(refused).toHaveLength(1);
		expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'minutes_wrong_status' });
		expect(await versionsOf(data)).toEqual([{ number: 1, reason: 'circulated' }]);
		expect(await mailsQueued(data)).toBe(2);
	});

	it.runIf(dialect === 'postgres')('a poll opened while the minutes are being circulated: the step waits for the sitting’s row and is refused', async () => {
		const other = await db.another();
		// The opening holds the sitting's row, as openPoll does, until its poll is committed.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let locked!: () => void;
		const isLocked = new Promise<void>((resolve) => (locked = resolve));
		const opening = other.transaction(async (tx) => {
			await lockForUpdate(other, tx, other.t.plenarySessions, 's1');
			locked();
			await held;
			await tx.insert(other.t.polls).values({
				sessionId: 's1',
				agendaItemId: 'item-1',
				itemTitle: 'Haushalt',
				motion: 'Der Haushalt wird beschlossen.',
				kind: 'vote',
				secrecy: 'secret',
				majority: 'simple',
				quorumPercent: 50,
				openedAt: at
			});
		});
		await isLocked;
		const circulating = refusalOf(circulateSittingMinutes(data, office, where));
		// The circulation passed its fast check (no poll yet) and waits for the row now.
		await new Promise((resolve) => setTimeout(resolve, 200));
		release();
		await opening;
		expect(await circulating).toBe('sitting_minutes_poll_open');
		expect(await versionsOf(data)).toEqual([]);
	});
});
