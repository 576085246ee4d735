import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAuditIn, recordAuditsIn } from '../../../src/lib/server/audit/record';
import { ANONYMOUS, type Actor } from '../../../src/lib/server/policies';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { messagesOf } from '../support/errors';

const ANNA: Actor = { ...ANONYMOUS, personId: 'anna' };


describe.each(DIALECTS)('the audit log on the data layer on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const log = async () => {
		const { q, t } = db.data;
		return (await q.select().from(t.auditLog).orderBy(t.auditLog.seq)).map(({ seq: _seq, at, ...row }) => ({ ...row, at: at instanceof Date }));
	};

	it('records one entry inside the transaction of the change, and none when it rolls back', async () => {
		const { data } = db;
		await data.transaction((tx) =>
			recordAuditIn(data, tx, ANNA, { action: 'role.assign', conferenceId: 'north', subjectType: 'person', subjectId: 'ben', after: { role: 'office' } })
		);
		await expect(
			data.transaction(async (tx) => {
				await recordAuditIn(data, tx, ANNA, { action: 'role.remove', conferenceId: 'north', subjectType: 'person', subjectId: 'ben' });
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await log()).toEqual([
			{ actorPersonId: 'anna', conferenceId: 'north', action: 'role.assign', subjectType: 'person', subjectId: 'ben', before: null, after: { role: 'office' }, at: true }
		]);
	});

	it('records many entries in one statement, in their order, with their JSON and their nulls as the single form does', async () => {
		const { data } = db;
		const entries = Array.from({ length: 300 }, (_, i) => ({
			action: 'claim.draft',
			conferenceId: i === 0 ? null : 'north',
			subjectType: 'claim',
			subjectId: `c${i}`,
			before: i % 2 ? { n: i, nested: { ok: true, words: ['ä', '"quoted"'] } } : null,
			after: { n: i }
		}));
		await data.transaction((tx) => recordAuditsIn(data, tx, ANNA, entries));
		await data.transaction((tx) => recordAuditsIn(data, tx, ANNA, []));
		const rows = await log();
		expect(rows).toHaveLength(300);
		expect(rows.map((r) => r.subjectId)).toEqual(entries.map((e) => e.subjectId));
		expect(rows[0]).toEqual({ actorPersonId: 'anna', conferenceId: null, action: 'claim.draft', subjectType: 'claim', subjectId: 'c0', before: null, after: { n: 0 }, at: true });
		expect(rows[1].before).toEqual({ n: 1, nested: { ok: true, words: ['ä', '"quoted"'] } });
		// Missing before is SQL NULL, as recordAuditIn and the synchronous form write it.
		const nulls = await data.rows<{ n: number | string }>(sql`SELECT count(*) AS n FROM audit_log WHERE before IS NULL`);
		expect(Number(nulls[0].n)).toBe(150);
	});

	it('stays append-only: the triggers refuse an update and a delete', async () => {
		const { data } = db;
		await data.transaction((tx) => recordAuditIn(data, tx, ANNA, { action: 'x', conferenceId: null, subjectType: 'person', subjectId: 'ben' }));
		const refusal = (run: PromiseLike<unknown>) =>
			Promise.resolve(run).then(
				() => 'ran',
				(error: unknown) => messagesOf(error)
			);
		expect(await refusal(data.q.update(data.t.auditLog).set({ action: 'y' }).where(eq(data.t.auditLog.subjectId, 'ben')))).toMatch(/append-only/i);
		expect(await refusal(data.q.delete(data.t.auditLog))).toMatch(/append-only/i);
		expect((await log()).map((r) => r.action)).toEqual(['x']);
	});
});
