import { and, eq, gt, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { first } from '../../../src/lib/server/db/client';
import { preparedOn } from '../../../src/lib/server/db/prepared';
import { DIALECTS, tempData, type TempData } from '../support/data';
import { messagesOf } from '../support/errors';

const T = new Date(1_780_000_000_000);

const refusal = (run: Promise<unknown>) => run.then(
	() => 'ran',
	(error: unknown) => messagesOf(error)
);

// Module level, as a hot path defines them: one definition, built once per handle.
const personById = preparedOn((q, t) => q.select().from(t.people).where(eq(t.people.id, sql.placeholder('id'))));
const addPerson = preparedOn((q, t) => q.insert(t.people).values({ id: sql.placeholder('id'), displayName: sql.placeholder('name'), createdAt: sql.placeholder('at') }));
const renamePerson = preparedOn((q, t) =>
	q
		.update(t.people)
		.set({ displayName: sql`${sql.placeholder('name')}` })
		.where(eq(t.people.id, sql.placeholder('id')))
		.returning({ id: t.people.id, displayName: t.people.displayName })
);
const instanceById = preparedOn((q, t) => q.select().from(t.instances).where(eq(t.instances.id, sql.placeholder('id'))));
const instancesSeenSince = preparedOn((q, t) =>
	q
		.select({ id: t.instances.id })
		.from(t.instances)
		.where(and(gt(t.instances.lastSeenAt, sql.placeholder('since')), eq(t.instances.withRedis, sql.placeholder('withRedis'))))
		.orderBy(t.instances.id)
);
const conferenceById = preparedOn((q, t) => q.select().from(t.conferences).where(eq(t.conferences.id, sql.placeholder('id'))));
const logoOf = preparedOn((q, t) => q.select().from(t.conferenceLogos).where(eq(t.conferenceLogos.conferenceId, sql.placeholder('id'))));
const docUpdatesOf = preparedOn((q, t) => q.select().from(t.docUpdates).where(eq(t.docUpdates.docName, sql.placeholder('name'))).orderBy(t.docUpdates.seq));
const auditOf = preparedOn((q, t) => q.select().from(t.auditLog).where(eq(t.auditLog.subjectId, sql.placeholder('id'))));
const rolesOf = preparedOn((q) =>
	q.query.conferenceMemberships.findMany({
		where: (m, { eq }) => eq(m.personId, sql.placeholder('person')),
		columns: { conferenceId: true, role: true, memberStatus: true }
	})
);

describe.each(DIALECTS)('prepared statements on %s', (dialect) => {
	let db: TempData;
	beforeEach(async () => {
		db = await tempData(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const names = async () => (await db.data.q.select({ id: db.data.t.people.id }).from(db.data.t.people).orderBy(db.data.t.people.id)).map((r) => r.id);

	it('give the very JS values awaiting the builder gives, for every kind of column the app stores', async () => {
		const { q, t } = db.data;
		await q.insert(t.people).values({ id: 'anna', displayName: 'Anna', createdAt: T, prefersEasyLanguage: true });
		await q.insert(t.instances).values({ id: 'i1', host: 'h', pid: 42, withRedis: true, startedAt: T, lastSeenAt: new Date(T.getTime() + 5) });
		await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord', createdAt: T });
		await q.insert(t.conferenceMemberships).values({ conferenceId: 'north', personId: 'anna', role: 'office' });
		await q.insert(t.conferenceLogos).values({ conferenceId: 'north', contentType: 'image/png', bytes: Buffer.from([0, 1, 254, 255]), size: 4, version: 'v1', updatedAt: T });
		await q.insert(t.docUpdates).values([
			{ docName: 'doc', updates: Buffer.from([7]) },
			{ docName: 'doc', updates: Buffer.from([8, 9]) }
		]);
		await q.insert(t.auditLog).values({ at: T, action: 'test', subjectType: 'person', subjectId: 'anna', before: null, after: { name: 'Anna', n: 1, ok: true } });

		const cases: [unknown, unknown][] = [
			[await personById(db.data).first({ id: 'anna' }), first(await q.select().from(t.people).where(eq(t.people.id, 'anna')))],
			[await instanceById(db.data).first({ id: 'i1' }), first(await q.select().from(t.instances).where(eq(t.instances.id, 'i1')))],
			[await conferenceById(db.data).first({ id: 'north' }), first(await q.select().from(t.conferences).where(eq(t.conferences.id, 'north')))],
			[await logoOf(db.data).first({ id: 'north' }), first(await q.select().from(t.conferenceLogos).where(eq(t.conferenceLogos.conferenceId, 'north')))],
			[await docUpdatesOf(db.data).all({ name: 'doc' }), await q.select().from(t.docUpdates).where(eq(t.docUpdates.docName, 'doc')).orderBy(t.docUpdates.seq)],
			[await auditOf(db.data).all({ id: 'anna' }), await q.select().from(t.auditLog).where(eq(t.auditLog.subjectId, 'anna'))]
		];
		for (const [prepared, built] of cases) expect(prepared).toStrictEqual(built);

		const person = await personById(db.data).first({ id: 'anna' });
		expect(person).toMatchObject({ displayName: 'Anna', createdAt: T, updatedAt: null, prefersEasyLanguage: true, preferredLocale: 'de' });
		expect(await instanceById(db.data).first({ id: 'i1' })).toMatchObject({ pid: 42, withRedis: true, lastSeenAt: new Date(T.getTime() + 5) });
		const conference = await conferenceById(db.data).first({ id: 'north' });
		expect(conference?.settings).toBeTypeOf('object');
		expect(conference?.updatedAt).toBeNull();
		expect((await logoOf(db.data).first({ id: 'north' }))?.bytes).toEqual(Buffer.from([0, 1, 254, 255]));
		const updates = await docUpdatesOf(db.data).all({ name: 'doc' });
		expect(updates.map((u) => [typeof u.seq, [...u.updates]])).toEqual([
			['number', [7]],
			['number', [8, 9]]
		]);
		expect((await auditOf(db.data).first({ id: 'anna' }))?.after).toEqual({ name: 'Anna', n: 1, ok: true });
		// A relational query (its own mapping in drizzle) too.
		expect(await rolesOf(db.data).all({ person: 'anna' })).toEqual([{ conferenceId: 'north', role: 'office', memberStatus: null }]);
	});

	it('bind a Date as its milliseconds and a boolean as the column stores it, in a condition too', async () => {
		const { q, t } = db.data;
		await q.insert(t.instances).values([
			{ id: 'old', host: 'h', pid: 1, withRedis: true, startedAt: T, lastSeenAt: T },
			{ id: 'new', host: 'h', pid: 2, withRedis: true, startedAt: T, lastSeenAt: new Date(T.getTime() + 1000) },
			{ id: 'alone', host: 'h', pid: 3, withRedis: false, startedAt: T, lastSeenAt: new Date(T.getTime() + 1000) }
		]);
		expect(await instancesSeenSince(db.data).all({ since: T, withRedis: true })).toEqual([{ id: 'new' }]);
		expect(await instancesSeenSince(db.data).all({ since: new Date(0), withRedis: false })).toEqual([{ id: 'alone' }]);
	});

	it('write with their placeholders and say how many rows they changed, or return them', async () => {
		expect(await addPerson(db.data).run({ id: 'ben', name: 'Ben', at: T })).toBe(1);
		expect(await personById(db.data).first({ id: 'ben' })).toMatchObject({ displayName: 'Ben', createdAt: T });
		expect(await renamePerson(db.data).all({ id: 'ben', name: 'Ben B.' })).toEqual([{ id: 'ben', displayName: 'Ben B.' }]);
		expect(await renamePerson(db.data).all({ id: 'nobody', name: 'x' })).toEqual([]);
		expect(await personById(db.data).first({ id: 'nobody' })).toBeUndefined();
	});

	it("run inside a transaction with its tx: they see its own writes, and theirs commit or roll back with it", async () => {
		const { data } = db;
		await data.transaction(async (tx) => {
			await addPerson(data).run({ id: 'cem', name: 'Cem', at: T }, tx);
			expect((await personById(data).first({ id: 'cem' }, tx))?.displayName).toBe('Cem');
		});
		await expect(
			data.transaction(async (tx) => {
				await addPerson(data).run({ id: 'dora', name: 'Dora', at: T }, tx);
				await renamePerson(data).all({ id: 'cem', name: 'Cem again' }, tx);
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await names()).toEqual(['cem']);
		expect((await personById(data).first({ id: 'cem' }))?.displayName).toBe('Cem');
		// In a savepoint: its failure takes back only its own statements.
		await data.transaction(async (tx) => {
			await addPerson(data).run({ id: 'emil', name: 'Emil', at: T }, tx);
			await expect(
				data.transaction(async (inner) => {
					await addPerson(data).run({ id: 'fritz', name: 'Fritz', at: T }, inner);
					throw new Error('inner refused');
				})
			).rejects.toThrow('inner refused');
		});
		expect(await names()).toEqual(['cem', 'emil']);
	});

	it('serve every handle from one definition, each built once on its own handle', async () => {
		const other = await db.another();
		expect(personById(db.data)).toBe(personById(db.data));
		expect(personById(other)).not.toBe(personById(db.data));
		await addPerson(other).run({ id: 'gina', name: 'Gina', at: T });
		expect((await personById(db.data).first({ id: 'gina' }))?.displayName).toBe('Gina');
	});

	it('refuse the wrong connection as the layer does: no tx inside a transaction, a tx after its end, another handle’s tx', async () => {
		const { data } = db;
		let ended: typeof data.q | undefined;
		await data.transaction(async (tx) => {
			ended = tx;
			expect(await refusal(personById(data).first({ id: 'anna' }))).toContain('without the transaction handle');
			expect(await refusal(addPerson(data).run({ id: 'hans', name: 'Hans', at: T }))).toContain('without the transaction handle');
		});
		expect(await refusal(personById(data).first({ id: 'anna' }, ended))).toContain('after its transaction ended');
		const other = await db.another();
		await other.transaction(async (tx) => {
			expect(await refusal(personById(data).first({ id: 'anna' }, tx))).toContain("another handle's transaction");
		});
		expect(await names()).toEqual([]);
	});

	it.runIf(dialect === 'postgres')('are named statements on PostgreSQL: the connection parses each once', async () => {
		const { data } = db;
		await addPerson(data).run({ id: 'ida', name: 'Ida', at: T });
		const prepared = await data.transaction(async (tx) => {
			for (let i = 0; i < 3; i++) await personById(data).first({ id: 'ida' }, tx);
			return data.rows<{ statement: string }>(sql`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'ratschlag\\_%'`, tx);
		});
		expect(prepared.filter((p) => p.statement.includes('from "people" where "people"."id" = $1'))).toHaveLength(1);
	});
});
