import { eq } from 'drizzle-orm';
import { first, type Data } from '../../src/lib/server/db/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { calendarDayInZone, wallClockInZone } from '../../src/lib/domain/time';
import { answerAccessibilityFeedback } from '../../src/lib/server/commands/answerAccessibilityFeedback';
import { submitAccessibilityFeedback, type FeedbackInput } from '../../src/lib/server/commands/submitAccessibilityFeedback';
import { FEEDBACK_MESSAGE_MAX, feedbackForm, toFeedbackInput } from '../../src/lib/server/forms/accessibilityFeedback';
import { parseForm } from '../../src/lib/server/forms/parse';
import { ANONYMOUS, loadActorOn } from '../../src/lib/server/policies';
import { countOpenFeedback, listFeedback } from '../../src/lib/server/queries/accessibilityFeedback';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { refusalOf } from './support/errors';

const form = (entries: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(entries)) data.append(k, v);
	return data;
};

// No database plays a part in reading the form: once, outside the dialects.
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

describe.each(DIALECTS)('accessibility feedback on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);

	beforeAll(() => {
		({ data, fixture } = on);
	});

	const input = (extra: Partial<FeedbackInput> = {}): FeedbackInput => ({
		message: 'Der Kontrast der grauen Hinweise ist zu schwach.',
		name: null,
		email: null,
		pageUrl: null,
		conferenceId: fixture.conferenceA.id,
		trap: null,
		...extra
	});

	const rows = () => data.q.select().from(data.t.accessibilityFeedback);

	describe('submitAccessibilityFeedback', () => {
		it('stores feedback from anyone, without sign-in, with the deadline one calendar month on', async () => {
			const now = wallClockInZone(2027, 1, 31, 10, 0);
			const receipt = await submitAccessibilityFeedback(data, ANONYMOUS, input({ email: 'anna@example.org', name: 'Anna', pageUrl: '/oeffentlich/x', now }));
			expect(receipt.id).toBeTruthy();
			expect(receipt.hasEmail).toBe(true);
			expect(calendarDayInZone(receipt.replyDueAt)).toBe('2027-02-28');
			const row = first(await data.q.select().from(data.t.accessibilityFeedback).where(eq(data.t.accessibilityFeedback.id, receipt.id!)))!;
			expect(row).toMatchObject({ conferenceId: fixture.conferenceA.id, name: 'Anna', email: 'anna@example.org', pageUrl: '/oeffentlich/x', answeredAt: null });
			expect(row.receivedAt).toEqual(now);
			expect(row.replyDueAt).toEqual(receipt.replyDueAt);
			// The append-only audit log says that feedback came in, never what it said or who sent it.
			const audit = first(await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, receipt.id!)))!;
			expect(audit).toMatchObject({ action: 'accessibilityFeedback.submit', conferenceId: fixture.conferenceA.id, actorPersonId: null });
			expect(JSON.stringify(audit)).not.toContain('Anna');
			expect(JSON.stringify(audit)).not.toContain('Kontrast');
		});

		it('takes feedback that names no conference', async () => {
			const receipt = await submitAccessibilityFeedback(data, await actor('votingMember'), input({ conferenceId: null }));
			expect(first(await data.q.select().from(data.t.accessibilityFeedback).where(eq(data.t.accessibilityFeedback.id, receipt.id!)))?.conferenceId).toBeNull();
		});

		it('refuses a conference that does not exist, on its field', async () => {
			const before = (await rows()).length;
			expect(await refusalOf(submitAccessibilityFeedback(data, ANONYMOUS, input({ conferenceId: 'nonexistent' })))).toBe('feedback_conference_unknown');
			expect(await rows()).toHaveLength(before);
		});

		it('thanks a robot that filled in the honeypot, and stores nothing', async () => {
			const before = (await rows()).length;
			const audits = (await data.q.select().from(data.t.auditLog)).length;
			const receipt = await submitAccessibilityFeedback(data, ANONYMOUS, input({ trap: 'http://spam.example' }));
			expect(receipt.id).toBeNull();
			expect(receipt.replyDueAt).toBeInstanceOf(Date);
			expect(await rows()).toHaveLength(before);
			expect(await data.q.select().from(data.t.auditLog)).toHaveLength(audits);
		});
	});

	describe('the inbox and answerAccessibilityFeedback', () => {
		let openId: string;
		let lateId: string;
		let platformId: string;

		beforeAll(async () => {
			openId = (await submitAccessibilityFeedback(data, ANONYMOUS, input({ message: 'Offen', now: wallClockInZone(2027, 6, 1, 9, 0) }))).id!;
			lateId = (await submitAccessibilityFeedback(data, ANONYMOUS, input({ message: 'Verspätet', now: wallClockInZone(2027, 3, 1, 9, 0) }))).id!;
			platformId = (await submitAccessibilityFeedback(data, ANONYMOUS, input({ message: 'Plattform', conferenceId: null }))).id!;
		});

		it('lists a conference’s open entries, most urgent first, overdue marked', async () => {
			const now = wallClockInZone(2027, 4, 15, 12, 0);
			const list = await listFeedback(data, fixture.conferenceA.id, now);
			const mine = list.filter((e) => [openId, lateId].includes(e.id));
			expect(mine.map((e) => [e.message, e.overdue])).toEqual([
				['Verspätet', true],
				['Offen', false]
			]);
			expect(list.some((e) => e.id === platformId)).toBe(false);
			expect((await listFeedback(data, null, now)).some((e) => e.id === platformId)).toBe(true);
			expect(await listFeedback(data, fixture.conferenceB.id, now)).toEqual([]);
		});

		it('the office marks one answered, with its note; then it counts as answered, not overdue', async () => {
			const open = await countOpenFeedback(data, fixture.conferenceA.id);
			const at = wallClockInZone(2027, 4, 20, 12, 0);
			const row = await answerAccessibilityFeedback(data, await actor('office'), {
				feedbackId: lateId,
				note: 'Per E-Mail geantwortet; Kontrast wird angepasst.',
				conferenceId: fixture.conferenceA.id,
				now: at
			});
			expect(row).toMatchObject({ answeredAt: at, answeredByPersonId: fixture.ids.office, answerNote: 'Per E-Mail geantwortet; Kontrast wird angepasst.' });
			expect(await countOpenFeedback(data, fixture.conferenceA.id)).toBe(open - 1);
			const entry = (await listFeedback(data, fixture.conferenceA.id, at)).find((e) => e.id === lateId)!;
			expect(entry).toMatchObject({ overdue: false, answeredBy: expect.any(String) });
			const audit = (await data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.subjectId, lateId))).map((a) => [a.action, a.after]);
			expect(audit).toContainEqual(['accessibilityFeedback.answer', { answeredAt: at.toISOString(), onTime: false }]);
			// Once answered stays answered.
			expect(
				await refusalOf(
					answerAccessibilityFeedback(data, await actor('office'), {
						feedbackId: lateId,
						note: 'Noch einmal',
						conferenceId: fixture.conferenceA.id
					})
				)
			).toBe('feedback_already_answered');
		});

		it('refuses whoever is not the conference’s office or a platform admin', async () => {
			const attempt = (who: Exclude<ActorName, 'anonymous'>) => async () =>
				await answerAccessibilityFeedback(data, await actor(who), { feedbackId: openId, note: 'x', conferenceId: fixture.conferenceA.id });
			for (const who of ['moderator', 'votingMember', 'groupCoordinator', 'guest', 'otherOffice'] as const) {
				await expect(attempt(who)(), who).rejects.toThrow(expect.objectContaining({ status: 403 }));
			}
			await expect(answerAccessibilityFeedback(data, ANONYMOUS, { feedbackId: openId, note: 'x', conferenceId: fixture.conferenceA.id })).rejects.toThrow(
				expect.objectContaining({ status: 401 })
			);
			expect(first(await data.q.select().from(data.t.accessibilityFeedback).where(eq(data.t.accessibilityFeedback.id, openId)))?.answeredAt).toBeNull();
		});

		it('an office cannot reach another inbox’s entry through its own', async () => {
			// The other office asks through its own conference, about an entry of conference A.
			expect(
				await refusalOf(answerAccessibilityFeedback(data, await actor('otherOffice'), { feedbackId: openId, note: 'x', conferenceId: fixture.conferenceB.id }))
			).toBe('not_found');
			// The office of A may not answer what names no conference; platform admins may.
			await expect(answerAccessibilityFeedback(data, await actor('office'), { feedbackId: platformId, note: 'x', conferenceId: null })).rejects.toThrow(
				expect.objectContaining({ status: 403 })
			);
			expect(
				(await answerAccessibilityFeedback(data, await actor('admin'), { feedbackId: platformId, note: 'Erledigt', conferenceId: null })).answeredAt
			).toBeInstanceOf(Date);
		});
	});
});
