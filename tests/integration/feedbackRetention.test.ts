import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAccessibilityFeedback } from '../../src/lib/server/commands/answerAccessibilityFeedback';
import { checkIn } from '../../src/lib/server/commands/checkIn';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { purgeAccessibilityFeedback } from '../../src/lib/server/commands/purgeAccessibilityFeedback';
import { submitAccessibilityFeedback } from '../../src/lib/server/commands/submitAccessibilityFeedback';
import { openDatabase } from '../../src/lib/server/db';
import { accessibilityFeedback, auditLog } from '../../src/lib/server/db/schema';
import { ANONYMOUS, loadActorOn, SYSTEM } from '../../src/lib/server/policies';
import { tempDatabase } from './support/db';
import { buildFixture } from './support/fixture';
import { startBuiltServer } from './support/builtServer';
import { sqliteData } from '../../src/lib/server/db/client';

const storage = tempDatabase();
const db = storage.db;
let fixture: Awaited<ReturnType<typeof buildFixture>>;
beforeAll(async () => (fixture = await buildFixture(db)));
afterAll(() => storage.cleanup());

const DAY = 86_400_000;
const NOW = new Date('2027-06-01T10:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

/** Feedback that arrived `receivedDaysAgo` and, if given, was answered `answeredDaysAgo`. */
async function feedback(message: string, receivedDaysAgo: number, answeredDaysAgo?: number): Promise<string> {
	const conferenceId = fixture.conferenceA.id;
	const { id } = await submitAccessibilityFeedback(sqliteData(db.$client), ANONYMOUS, {
		message,
		name: 'Anna',
		email: 'anna@example.org',
		pageUrl: null,
		conferenceId,
		trap: null,
		now: daysAgo(receivedDaysAgo)
	});
	if (answeredDaysAgo !== undefined) {
		await answerAccessibilityFeedback(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.office), {
			feedbackId: id!,
			note: 'Per E-Mail geantwortet.',
			conferenceId,
			now: daysAgo(answeredDaysAgo)
		});
	}
	return id!;
}

const feedbackIds = () =>
	db
		.select({ id: accessibilityFeedback.id })
		.from(accessibilityFeedback)
		.all()
		.map((r) => r.id);
const auditAbout = (ids: string[]) => db.select().from(auditLog).where(inArray(auditLog.subjectId, ids)).all();

describe('the audit log stays append-only for everything but feedback that is gone', () => {
	it('an entry about feedback goes only once its feedback is gone; no entry can ever be changed', async () => {
		const id = await feedback('Die Schrift ist zu klein.', 10);
		const [entry] = auditAbout([id]);
		const deleteEntry = db.$client.prepare('DELETE FROM audit_log WHERE seq = ?');
		expect(() => deleteEntry.run(entry.seq)).toThrow(/append-only/);
		expect(() => db.$client.prepare('UPDATE audit_log SET after = NULL WHERE seq = ?').run(entry.seq)).toThrow(/append-only/);

		db.delete(accessibilityFeedback).where(eq(accessibilityFeedback.id, id)).run();
		expect(() => db.$client.prepare('UPDATE audit_log SET after = NULL WHERE seq = ?').run(entry.seq)).toThrow(/append-only/);
		expect(deleteEntry.run(entry.seq).changes).toBe(1);
	});

	it('every other entry can be neither deleted nor changed, one by one or all at once', async () => {
		const session = await createPlenarySession(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.office), {
			conferenceId: fixture.conferenceA.id,
			title: 'Plenum',
			startsAt: new Date(),
			place: 'Saal',
			videoUrl: null
		});
		await checkIn(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.votingMember), { code: session.checkInCode, method: 'code' });
		const others = db
			.select()
			.from(auditLog)
			.all()
			.filter((e) => e.subjectType !== 'accessibilityFeedback');
		expect(new Set(others.map((e) => e.action)).size).toBeGreaterThan(1);
		for (const entry of others) {
			expect(() => db.$client.prepare('DELETE FROM audit_log WHERE seq = ?').run(entry.seq)).toThrow(/append-only/);
			expect(() => db.$client.prepare('UPDATE audit_log SET action = ? WHERE seq = ?').run('tampered', entry.seq)).toThrow(/append-only/);
		}
		// Posing as feedback does not help: the type cannot be changed either.
		expect(() => db.$client.prepare("UPDATE audit_log SET subject_type = 'accessibilityFeedback' WHERE seq = ?").run(others[0].seq)).toThrow(/append-only/);
		expect(() => db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
		expect(
			db
				.select()
				.from(auditLog)
				.all()
				.filter((e) => e.subjectType !== 'accessibilityFeedback')
		).toEqual(others);
	});
});

describe('purgeAccessibilityFeedback', () => {
	it('deletes answered feedback the set number of days after its answer, with its audit entries; keeps the rest; records the purge', async () => {
		const expired = await feedback('Der Kontrast ist zu schwach.', 420, 400);
		const recent = await feedback('Die Knöpfe sind zu klein.', 120, 100);
		const unanswered = await feedback('Der Film hat keine Untertitel.', 1000);
		const justInside = await feedback('Die Tabelle hat keine Überschriften.', 380, 364);
		const otherEntries = db
			.select()
			.from(auditLog)
			.all()
			.filter((e) => e.subjectType !== 'accessibilityFeedback');

		expect(await purgeAccessibilityFeedback(sqliteData(db.$client), SYSTEM, { retentionDays: 365, now: NOW })).toEqual({ feedback: 1, auditEntries: 2 });
		expect(feedbackIds()).not.toContain(expired);
		expect(feedbackIds()).toEqual(expect.arrayContaining([recent, unanswered, justInside]));
		expect(auditAbout([expired])).toEqual([]);
		expect(auditAbout([recent]).map((e) => e.action)).toEqual(['accessibilityFeedback.submit', 'accessibilityFeedback.answer']);
		expect(auditAbout([unanswered]).map((e) => e.action)).toEqual(['accessibilityFeedback.submit']);
		// The purge is on record, with counts only: nothing of what was said, or by whom.
		const record = db.select().from(auditLog).where(eq(auditLog.action, 'accessibilityFeedback.purge')).all();
		expect(record).toHaveLength(1);
		expect(record[0]).toMatchObject({ actorPersonId: null, subjectType: 'retention', after: { feedback: 1, auditEntries: 2, retentionDays: 365 } });
		expect(JSON.stringify(record)).not.toMatch(/Anna|Kontrast|anna@/);
		// Everything else in the log is untouched.
		expect(
			db
				.select()
				.from(auditLog)
				.all()
				.filter((e) => e.subjectType !== 'accessibilityFeedback' && e.subjectType !== 'retention')
		).toEqual(otherEntries);

		// Nothing more to do: nothing deleted, nothing recorded.
		expect(await purgeAccessibilityFeedback(sqliteData(db.$client), SYSTEM, { retentionDays: 365, now: NOW })).toEqual({ feedback: 0, auditEntries: 0 });
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'accessibilityFeedback.purge')).all()).toHaveLength(1);

		// Zero days: every answered entry goes at the next purge; unanswered feedback never does.
		expect(await purgeAccessibilityFeedback(sqliteData(db.$client), SYSTEM, { retentionDays: 0, now: NOW })).toEqual({ feedback: 2, auditEntries: 4 });
		expect(feedbackIds()).toContain(unanswered);
	});

	it('is the platform’s to run, no one else’s', async () => {
		for (const who of ['office', 'otherOffice', 'votingMember'] as const) {
			await expect(
				purgeAccessibilityFeedback(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids[who]), { retentionDays: 0 }),
				who
			).rejects.toThrow(expect.objectContaining({ status: 403 }));
		}
		expect(
			await purgeAccessibilityFeedback(sqliteData(db.$client), await loadActorOn(sqliteData(db.$client), fixture.ids.admin), { retentionDays: 0, now: NOW })
		).toEqual({
			feedback: 0,
			auditEntries: 0
		});
	});
});

describe('the server applies the retention rule', () => {
	it('at start-up, with the days the operator set', async () => {
		const file = tempDatabase();
		const submit = async (message: string, receivedAt: Date) =>
			(
				await submitAccessibilityFeedback(sqliteData(file.db.$client), ANONYMOUS, {
					message,
					name: null,
					email: null,
					pageUrl: null,
					conferenceId: null,
					trap: null,
					now: receivedAt
				})
			).id!;
		const old = await submit('Alt', new Date(Date.now() - 40 * DAY));
		await answerAccessibilityFeedback(sqliteData(file.db.$client), SYSTEM, {
			feedbackId: old,
			note: 'Erledigt',
			conferenceId: null,
			now: new Date(Date.now() - 31 * DAY)
		});
		const young = await submit('Neu', new Date(Date.now() - 35 * DAY));
		await answerAccessibilityFeedback(sqliteData(file.db.$client), SYSTEM, {
			feedbackId: young,
			note: 'Erledigt',
			conferenceId: null,
			now: new Date(Date.now() - 29 * DAY)
		});
		file.db.$client.close();

		const server = await startBuiltServer({ databaseFile: file.file, env: { SEED_DEMO: 'false', FEEDBACK_RETENTION_DAYS: '30' } });
		try {
			expect(server.output()).toContain('Retention: deleted 1 answered accessibility feedback (answered more than 30 days ago) and 2 audit entries about it');
			const after = openDatabase(file.file);
			expect(
				after
					.select({ id: accessibilityFeedback.id })
					.from(accessibilityFeedback)
					.all()
					.map((r) => r.id)
			).toEqual([young]);
			after.$client.close();
		} finally {
			await server.stop();
			file.cleanup();
		}
	}, 60_000);
});
