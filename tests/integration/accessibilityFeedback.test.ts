import { eq } from 'drizzle-orm';
import { sqliteData } from '../../src/lib/server/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDayInZone, wallClockInZone } from '../../src/lib/domain/time';
import { answerAccessibilityFeedback } from '../../src/lib/server/commands/answerAccessibilityFeedback';
import { submitAccessibilityFeedback, type FeedbackInput } from '../../src/lib/server/commands/submitAccessibilityFeedback';
import { accessibilityFeedback, auditLog } from '../../src/lib/server/db/schema';
import { FEEDBACK_MESSAGE_MAX, feedbackForm, toFeedbackInput } from '../../src/lib/server/forms/accessibilityFeedback';
import { parseForm } from '../../src/lib/server/forms/parse';
import { ANONYMOUS, loadActorOn } from '../../src/lib/server/policies';
import { countOpenFeedback, listFeedback } from '../../src/lib/server/queries/accessibilityFeedback';
import { tempDatabase } from './support/db';
import { buildFixture, type ActorName } from './support/fixture';
import { refusalOf } from './support/errors';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(sqliteData(db.$client), fixture.ids[name]);

beforeAll(async () => {
	fixture = await buildFixture(db);
});
afterAll(() => storage.cleanup());

const form = (entries: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(entries)) data.append(k, v);
	return data;
};

const input = (extra: Partial<FeedbackInput> = {}): FeedbackInput => ({
	message: 'Der Kontrast der grauen Hinweise ist zu schwach.',
	name: null,
	email: null,
	pageUrl: null,
	conferenceId: fixture.conferenceA.id,
	trap: null,
	...extra
});

const rows = () => db.select().from(accessibilityFeedback).all();

describe('the feedback form at the boundary', () => {
	it('refuses a bad e-mail address with a localized message, and keeps what was typed', () => {
		const parsed = parseForm(form({ message: 'Die Tabelle hat keine Überschriften.', email: 'anna@', name: 'Anna' }), feedbackForm);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual({ email: expect.stringContaining('E-Mail-Adresse') });
		expect(parsed.values).toMatchObject({ message: 'Die Tabelle hat keine Überschriften.', email: 'anna@', name: 'Anna' });
	});

	it('needs a message, and caps its length', () => {
		const empty = parseForm(form({ message: '   ' }), feedbackForm);
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(Object.keys(empty.errors)).toEqual(['message']);
		const long = parseForm(form({ message: 'x'.repeat(FEEDBACK_MESSAGE_MAX + 1) }), feedbackForm);
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors.message).toContain(String(FEEDBACK_MESSAGE_MAX));
		expect(parseForm(form({ message: 'x'.repeat(FEEDBACK_MESSAGE_MAX) }), feedbackForm).ok).toBe(true);
	});

	it('takes everything else as optional and passes the honeypot on to the command', () => {
		const parsed = parseForm(form({ message: 'Zu kleine Schrift', website: 'http://spam.example' }), feedbackForm);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(toFeedbackInput(parsed.data)).toEqual({
			message: 'Zu kleine Schrift',
			name: null,
			email: null,
			pageUrl: null,
			conferenceId: null,
			trap: 'http://spam.example'
		});
	});
});

describe('submitAccessibilityFeedback', () => {
	it('stores feedback from anyone, without sign-in, with the deadline one calendar month on', async () => {
		const now = wallClockInZone(2027, 1, 31, 10, 0);
		const receipt = await submitAccessibilityFeedback(
			sqliteData(db.$client),
			ANONYMOUS,
			input({ email: 'anna@example.org', name: 'Anna', pageUrl: '/oeffentlich/x', now })
		);
		expect(receipt.id).toBeTruthy();
		expect(receipt.hasEmail).toBe(true);
		expect(calendarDayInZone(receipt.replyDueAt)).toBe('2027-02-28');
		const row = db.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.id, receipt.id!)).get()!;
		expect(row).toMatchObject({ conferenceId: fixture.conferenceA.id, name: 'Anna', email: 'anna@example.org', pageUrl: '/oeffentlich/x', answeredAt: null });
		expect(row.receivedAt).toEqual(now);
		expect(row.replyDueAt).toEqual(receipt.replyDueAt);
		// The append-only audit log says that feedback came in, never what it said or who sent it.
		const audit = db.select().from(auditLog).where(eq(auditLog.subjectId, receipt.id!)).get()!;
		expect(audit).toMatchObject({ action: 'accessibilityFeedback.submit', conferenceId: fixture.conferenceA.id, actorPersonId: null });
		expect(JSON.stringify(audit)).not.toContain('Anna');
		expect(JSON.stringify(audit)).not.toContain('Kontrast');
	});

	it('takes feedback that names no conference', async () => {
		const receipt = await submitAccessibilityFeedback(sqliteData(db.$client), await actor('votingMember'), input({ conferenceId: null }));
		expect(db.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.id, receipt.id!)).get()?.conferenceId).toBeNull();
	});

	it('refuses a conference that does not exist, on its field', async () => {
		const before = rows().length;
		expect(await refusalOf(submitAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, input({ conferenceId: 'nonexistent' })))).toBe(
			'feedback_conference_unknown'
		);
		expect(rows()).toHaveLength(before);
	});

	it('thanks a robot that filled in the honeypot, and stores nothing', async () => {
		const before = rows().length;
		const audits = db.select().from(auditLog).all().length;
		const receipt = await submitAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, input({ trap: 'http://spam.example' }));
		expect(receipt.id).toBeNull();
		expect(receipt.replyDueAt).toBeInstanceOf(Date);
		expect(rows()).toHaveLength(before);
		expect(db.select().from(auditLog).all()).toHaveLength(audits);
	});
});

describe('the inbox and answerAccessibilityFeedback', () => {
	let openId: string;
	let lateId: string;
	let platformId: string;

	beforeAll(async () => {
		openId = (await submitAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, input({ message: 'Offen', now: wallClockInZone(2027, 6, 1, 9, 0) }))).id!;
		lateId = (await submitAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, input({ message: 'Verspätet', now: wallClockInZone(2027, 3, 1, 9, 0) })))
			.id!;
		platformId = (await submitAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, input({ message: 'Plattform', conferenceId: null }))).id!;
	});

	it('lists a conference’s open entries, most urgent first, overdue marked', async () => {
		const now = wallClockInZone(2027, 4, 15, 12, 0);
		const list = await listFeedback(sqliteData(db.$client), fixture.conferenceA.id, now);
		const mine = list.filter((e) => [openId, lateId].includes(e.id));
		expect(mine.map((e) => [e.message, e.overdue])).toEqual([
			['Verspätet', true],
			['Offen', false]
		]);
		expect(list.some((e) => e.id === platformId)).toBe(false);
		expect((await listFeedback(sqliteData(db.$client), null, now)).some((e) => e.id === platformId)).toBe(true);
		expect(await listFeedback(sqliteData(db.$client), fixture.conferenceB.id, now)).toEqual([]);
	});

	it('the office marks one answered, with its note; then it counts as answered, not overdue', async () => {
		const open = await countOpenFeedback(sqliteData(db.$client), fixture.conferenceA.id);
		const at = wallClockInZone(2027, 4, 20, 12, 0);
		const row = await answerAccessibilityFeedback(sqliteData(db.$client), await actor('office'), {
			feedbackId: lateId,
			note: 'Per E-Mail geantwortet; Kontrast wird angepasst.',
			conferenceId: fixture.conferenceA.id,
			now: at
		});
		expect(row).toMatchObject({ answeredAt: at, answeredByPersonId: fixture.ids.office, answerNote: 'Per E-Mail geantwortet; Kontrast wird angepasst.' });
		expect(await countOpenFeedback(sqliteData(db.$client), fixture.conferenceA.id)).toBe(open - 1);
		const entry = (await listFeedback(sqliteData(db.$client), fixture.conferenceA.id, at)).find((e) => e.id === lateId)!;
		expect(entry).toMatchObject({ overdue: false, answeredBy: expect.any(String) });
		const audit = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.subjectId, lateId))
			.all()
			.map((a) => [a.action, a.after]);
		expect(audit).toContainEqual(['accessibilityFeedback.answer', { answeredAt: at.toISOString(), onTime: false }]);
		// Once answered stays answered.
		expect(
			await refusalOf(
				answerAccessibilityFeedback(sqliteData(db.$client), await actor('office'), {
					feedbackId: lateId,
					note: 'Noch einmal',
					conferenceId: fixture.conferenceA.id
				})
			)
		).toBe('feedback_already_answered');
	});

	it('refuses whoever is not the conference’s office or a platform admin', async () => {
		const attempt = (who: Exclude<ActorName, 'anonymous'>) => async () =>
			await answerAccessibilityFeedback(sqliteData(db.$client), await actor(who), { feedbackId: openId, note: 'x', conferenceId: fixture.conferenceA.id });
		for (const who of ['moderator', 'votingMember', 'groupCoordinator', 'guest', 'otherOffice'] as const) {
			await expect(attempt(who)(), who).rejects.toThrow(expect.objectContaining({ status: 403 }));
		}
		await expect(
			answerAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, { feedbackId: openId, note: 'x', conferenceId: fixture.conferenceA.id })
		).rejects.toThrow(expect.objectContaining({ status: 401 }));
		expect(db.select().from(accessibilityFeedback).where(eq(accessibilityFeedback.id, openId)).get()?.answeredAt).toBeNull();
	});

	it('an office cannot reach another inbox’s entry through its own', async () => {
		// The other office asks through its own conference, about an entry of conference A.
		expect(
			await refusalOf(
				answerAccessibilityFeedback(sqliteData(db.$client), await actor('otherOffice'), { feedbackId: openId, note: 'x', conferenceId: fixture.conferenceB.id })
			)
		).toBe('not_found');
		// The office of A may not answer what names no conference; platform admins may.
		await expect(
			answerAccessibilityFeedback(sqliteData(db.$client), await actor('office'), { feedbackId: platformId, note: 'x', conferenceId: null })
		).rejects.toThrow(expect.objectContaining({ status: 403 }));
		expect(
			(await answerAccessibilityFeedback(sqliteData(db.$client), await actor('admin'), { feedbackId: platformId, note: 'Erledigt', conferenceId: null }))
				.answeredAt
		).toBeInstanceOf(Date);
	});
});
