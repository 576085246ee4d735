import { asc, count, eq, getTableName, is, Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../src/lib/collab/docNames';
import { readAgenda } from '../../src/lib/plenary/agenda';
import { readDocumentOn } from '../../src/lib/server/collab/readDocument';
import type { Data, Dialect } from '../../src/lib/server/db/client';
import { isEmptyOn, seedDemo } from '../../src/lib/server/demo/seed';
import { DIALECTS, tempData, type TempData } from './support/data';
import { useJobsSecret } from './support/jobsSecret';

// The demo seeded through the data layer alone, on a fresh SQLite file and a fresh PostgreSQL
// database: the same demo on both (the server seeds it at start-up on either).
const seeded = new Map<Dialect, TempData>();

useJobsSecret();
beforeAll(async () => {
	for (const dialect of DIALECTS) {
		const db = await tempData(dialect);
		seeded.set(dialect, db);
		expect(await isEmptyOn(db.data)).toBe(true);
		await seedDemo(db.data, 'http://localhost:3000');
		expect(await isEmptyOn(db.data)).toBe(false);
	}
}, 240_000);
afterAll(async () => {
	for (const db of seeded.values()) await db.cleanup();
});

const on = (dialect: Dialect): Data => seeded.get(dialect)!.data;

/** How many rows each table of the schema holds. */
async function rowsPerTable(data: Data): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const table of Object.values(data.t as Record<string, unknown>)) {
		if (!is(table, Table)) continue;
		const [row] = await data.q.select({ n: count() }).from(table as never);
		counts[getTableName(table)] = Number((row as { n: number | string }).n);
	}
	return counts;
}

/** Each plenary sitting's title with its agenda's titles, read from the stored document. */
async function agendas(data: Data): Promise<[string, string[]][]> {
	const { plenarySessions } = data.t;
	const sessions = await data.q.select().from(plenarySessions).orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id));
	const out: [string, string[]][] = [];
	for (const session of sessions)
		out.push([session.title, await readDocumentOn(data, plenaryDoc(session.id), (doc) => readAgenda(doc).map((item) => item.title))]);
	return out;
}

describe('the demo seed on SQLite and PostgreSQL', () => {
	it('holds the same number of rows in every table on both', async () => {
		const sqlite = await rowsPerTable(on('sqlite'));
		const postgres = await rowsPerTable(on('postgres'));
		// The documents' log rows are compared by document below: how many projections of a poll's
		// count a burst of votes makes depends on the time the votes take (scheduleProjection).
		const { doc_updates: sqliteLog, ...sqliteRest } = sqlite;
		const { doc_updates: postgresLog, ...postgresRest } = postgres;
		expect(postgresRest).toEqual(sqliteRest);
		expect(sqliteLog).toBeGreaterThan(0);
		expect(postgresLog).toBeGreaterThan(0);
		// And a demo worth comparing: what it promises is there.
		for (const table of [
			'people',
			'conference_memberships',
			'working_groups',
			'group_memberships',
			'group_meetings',
			'meeting_minutes',
			'minutes_versions',
			'plenary_sessions',
			'polls',
			'poll_ballots',
			'resolutions',
			'recommendations',
			'claims',
			'digests',
			'newsletter_subscribers',
			'easy_texts',
			'invitation_campaigns',
			'invitations',
			'accessibility_feedback',
			'member_seats',
			'doc_updates',
			'audit_log'
		])
			expect(sqlite[table], table).toBeGreaterThan(0);
	});

	it('stores the same documents on both', async () => {
		const documents = async (data: Data) => {
			const { docUpdates } = data.t;
			const names = await data.q.selectDistinct({ name: docUpdates.docName }).from(docUpdates);
			const perKind: Record<string, number> = {};
			for (const { name } of names) perKind[name.split(':')[0]] = (perKind[name.split(':')[0]] ?? 0) + 1;
			return perKind;
		};
		const sqlite = await documents(on('sqlite'));
		expect(await documents(on('postgres'))).toEqual(sqlite);
		expect(sqlite).toEqual({ digest: 3, minutes: 4, plenary: 2, recommendation: 5 });
	});

	it('has the same people, roles and agenda titles on both', async () => {
		const view = async (data: Data) => {
			const { conferenceMemberships, people } = data.t;
			const persons = (await data.q.select({ name: people.displayName, organisation: people.organisation }).from(people))
				.map((p) => `${p.name} (${p.organisation})`)
				.sort();
			const roles = (
				await data.q
					.select({ name: people.displayName, role: conferenceMemberships.role, status: conferenceMemberships.memberStatus })
					.from(conferenceMemberships)
					.innerJoin(people, eq(people.id, conferenceMemberships.personId))
			)
				.map((r) => `${r.name}: ${r.role}/${r.status ?? ''}`)
				.sort();
			return { persons, roles, agendas: await agendas(data) };
		};
		const sqlite = await view(on('sqlite'));
		expect(await view(on('postgres'))).toEqual(sqlite);
		expect(sqlite.agendas.map(([, titles]) => titles.length)).toEqual([3, 6, 0]);
		expect(sqlite.agendas[1][1][0]).toBe('Begrüßung und Feststellung der Beschlussfähigkeit');
	});
});
