import { asc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerAccessibilityFeedback } from '../../src/lib/server/commands/answerAccessibilityFeedback';
import { checkIn } from '../../src/lib/server/commands/checkIn';
import { createPlenarySession } from '../../src/lib/server/commands/createPlenarySession';
import { purgeAccessibilityFeedback } from '../../src/lib/server/commands/purgeAccessibilityFeedback';
import { submitAccessibilityFeedback } from '../../src/lib/server/commands/submitAccessibilityFeedback';
import { openDatabase } from '../../src/lib/server/db';
import { sqliteData, type Data } from '../../src/lib/server/db/client';
import { ANONYMOUS, loadActorOn, SYSTEM } from '../../src/lib/server/policies';
import { startBuiltServer } from './support/builtServer';
import { copyToPostgres } from './support/copyToPostgres';
import { DIALECTS } from './support/data';
import { tempDatabase } from './support/db';
import { fixtureOn, type Fixture } from './support/fixtureOn';

// The retention of accessibility feedback and the audit log's one exception to append-only, on
// SQLite and PostgreSQL, whose triggers refuse with the same words (drizzle/pg/0001): the statements
// on the log are literal SQL both read alike, so each meets the trigger itself.

const DAY = 86_400_000;
const NOW = new Date('2027-06-01T10:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

describe.each(DIALECTS)('feedback retention on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	/** Feedback that arrived `receivedDaysAgo` and, if given, was answered `answeredDaysAgo`. */
	async function feedback(message: string, receivedDaysAgo: number, answeredDaysAgo?: number): Promise<string> {
		const conferenceId = fixture.conferenceA.id;
		const { id } = await submitAccessibilityFeedback(data, ANONYMOUS, {
			message,
			name: 'Anna',
			email: 'anna@example.org',
			pageUrl: null,
			conferenceId,
			trap: null,
			now: daysAgo(receivedDaysAgo)
		});
		if (answeredDaysAgo !== undefined) {
			await answerAccessibilityFeedback(data, await loadActorOn(data, fixture.ids.office), {
				feedbackId: id!,
				note: 'Per E-Mail geantwortet.',
				conferenceId,
				now: daysAgo(answeredDaysAgo)
			});
		}
		return id!;
	}

	const feedbackIds = async () => (await data.q.select({ id: data.t.accessibilityFeedback.id }).from(data.t.accessibilityFeedback)).map((r) => r.id);
	// In the order they were written: PostgreSQL keeps no order without ORDER BY.
	const auditLog = () => data.q.select().from(data.t.auditLog).orderBy(asc(data.t.auditLog.seq));
	const auditAbout = (ids: string[]) => data.q.select().from(data.t.auditLog).where(inArray(data.t.auditLog.subjectId, ids)).orderBy(asc(data.t.auditLog.seq));

	describe('the audit log stays append-only for everything but feedback that is gone', () => {
		it('an entry about feedback goes only once its feedback is gone; no entry can ever be changed', async () => {
			const id = await feedback('Die Schrift ist zu klein.', 10);
			const [entry] = await auditAbout([id]);
			const deleteEntry = () => data.execute(sql`DELETE FROM audit_log WHERE seq = ${entry.seq}`);
			await expect(deleteEntry()).rejects.toThrow(/append-only/);
			await expect(data.execute(sql`UPDATE audit_log SET after = NULL WHERE seq = ${entry.seq}`)).rejects.toThrow(/append-only/);

			await data.q.delete(data.t.accessibilityFeedback).where(eq(data.t.accessibilityFeedback.id, id));
			await expect(data.execute(sql`UPDATE audit_log SET after = NULL WHERE seq = ${entry.seq}`)).rejects.toThrow(/append-only/);
			expect(await deleteEntry()).toBe(1);
		});

		it('every other entry can be neither deleted nor changed, one by one or all at once', async () => {
			const session = await createPlenarySession(data, await loadActorOn(data, fixture.ids.office), {
				conferenceId: fixture.conferenceA.id,
				title: 'Plenum',
				startsAt: new Date(),
				place: 'Saal',
				videoUrl: null
			});
			await checkIn(data, await loadActorOn(data, fixture.ids.votingMember), { code: session.checkInCode, method: 'code' });
			const others = (await auditLog()).filter((e) => e.subjectType !== 'accessibilityFeedback');
			expect(new Set(others.map((e) => e.action)).size).toBeGreaterThan(1);
			for (const entry of others) {
				await expect(data.execute(sql`DELETE FROM audit_log WHERE seq = ${entry.seq}`)).rejects.toThrow(/append-only/);
				await expect(data.execute(sql`UPDATE audit_log SET action = ${'tampered'} WHERE seq = ${entry.seq}`)).rejects.toThrow(/append-only/);
			}
			// Posing as feedback does not help: the type cannot be changed either.
			await expect(data.execute(sql`UPDATE audit_log SET subject_type = 'accessibilityFeedback' WHERE seq = ${others[0].seq}`)).rejects.toThrow(/append-only/);
			await expect(data.execute(sql`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
			expect((await auditLog()).filter((e) => e.subjectType !== 'accessibilityFeedback')).toEqual(others);
		});
	});

	describe('purgeAccessibilityFeedback', () => {
		it('deletes answered feedback the set number of days after its answer, with its audit entries; keeps the rest; records the purge', async () => {
			const expired = await feedback('Der Kontrast ist zu schwach.', 420, 400);
			const recent = await feedback('Die Knöpfe sind zu klein.', 120, 100);
			const unanswered = await feedback('Der Film hat keine Untertitel.', 1000);
			const justInside = await feedback('Die Tabelle hat keine Überschriften.', 380, 364);
			const otherEntries = (await auditLog()).filter((e) => e.subjectType !== 'accessibilityFeedback');

			expect(await purgeAccessibilityFeedback(data, SYSTEM, { retentionDays: 365, now: NOW })).toEqual({ feedback: 1, auditEntries: 2 });
			expect(await feedbackIds()).not.toContain(expired);
			expect(await feedbackIds()).toEqual(expect.arrayContaining([recent, unanswered, justInside]));
			expect(await auditAbout([expired])).toEqual([]);
			expect((await auditAbout([recent])).map((e) => e.action)).toEqual(['accessibilityFeedback.submit', 'accessibilityFeedback.answer']);
			expect((await auditAbout([unanswered])).map((e) => e.action)).toEqual(['accessibilityFeedback.submit']);
			// The purge is on record, with counts only: nothing of what was said, or by whom.
			const purges = () => data.q.select().from(data.t.auditLog).where(eq(data.t.auditLog.action, 'accessibilityFeedback.purge'));
			const record = await purges();
			expect(record).toHaveLength(1);
			expect(record[0]).toMatchObject({ actorPersonId: null, subjectType: 'retention', after: { feedback: 1, auditEntries: 2, retentionDays: 365 } });
			expect(JSON.stringify(record)).not.toMatch(/Anna|Kontrast|anna@/);
			// Everything else in the log is untouched.
			expect((await auditLog()).filter((e) => e.subjectType !== 'accessibilityFeedback' && e.subjectType !== 'retention')).toEqual(otherEntries);

			// Nothing more to do: nothing deleted, nothing recorded.
			expect(await purgeAccessibilityFeedback(data, SYSTEM, { retentionDays: 365, now: NOW })).toEqual({ feedback: 0, auditEntries: 0 });
			expect(await purges()).toHaveLength(1);

			// Zero days: every answered entry goes at the next purge; unanswered feedback never does.
			expect(await purgeAccessibilityFeedback(data, SYSTEM, { retentionDays: 0, now: NOW })).toEqual({ feedback: 2, auditEntries: 4 });
			expect(await feedbackIds()).toContain(unanswered);
		});

		it('is the platform’s to run, no one else’s', async () => {
			for (const who of ['office', 'otherOffice', 'votingMember'] as const) {
				await expect(purgeAccessibilityFeedback(data, await loadActorOn(data, fixture.ids[who]), { retentionDays: 0 }), who).rejects.toThrow(
					expect.objectContaining({ status: 403 })
				);
			}
			expect(await purgeAccessibilityFeedback(data, await loadActorOn(data, fixture.ids.admin), { retentionDays: 0, now: NOW })).toEqual({
				feedback: 0,
				auditEntries: 0
			});
		});
	});

	describe('the server applies the retention rule', () => {
		it('at start-up, with the days the operator set', async () => {
			// A database of its own, as the server finds it at start: the purge's counts are this test's alone.
			const file = tempDatabase();
			const postgres = dialect === 'postgres' ? await copyToPostgres(file.db) : undefined;
			const fresh = postgres?.data ?? sqliteData(file.db.$client);
			const submit = async (message: string, receivedAt: Date) =>
				(
					await submitAccessibilityFeedback(fresh, ANONYMOUS, {
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
			await answerAccessibilityFeedback(fresh, SYSTEM, {
				feedbackId: old,
				note: 'Erledigt',
				conferenceId: null,
				now: new Date(Date.now() - 31 * DAY)
			});
			const young = await submit('Neu', new Date(Date.now() - 35 * DAY));
			await answerAccessibilityFeedback(fresh, SYSTEM, {
				feedbackId: young,
				note: 'Erledigt',
				conferenceId: null,
				now: new Date(Date.now() - 29 * DAY)
			});
			file.db.$client.close();

			const env = { SEED_DEMO: 'false', FEEDBACK_RETENTION_DAYS: '30' };
			let server: Awaited<ReturnType<typeof startBuiltServer>> | undefined;
			let after: ReturnType<typeof openDatabase> | undefined;
			try {
				server = await startBuiltServer(postgres ? { postgresUrl: postgres.url, env } : { databaseFile: file.file, env });
				after = postgres ? undefined : openDatabase(file.file);
				expect(server.output()).toContain('Retention: deleted 1 answered accessibility feedback (answered more than 30 days ago) and 2 audit entries about it');
				const served = postgres?.data ?? sqliteData(after!.$client);
				expect((await served.q.select({ id: served.t.accessibilityFeedback.id }).from(served.t.accessibilityFeedback)).map((r) => r.id)).toEqual([young]);
			} finally {
				after?.$client.close();
				await server?.stop();
				await postgres?.cleanup();
				file.cleanup();
			}
		}, 180_000);
	});
});
