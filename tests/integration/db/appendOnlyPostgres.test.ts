import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../src/lib/server/db/postgres';
import * as schemaPg from '../../../src/lib/server/db/schema-pg';
import { tempDatabase } from '../support/db';
import { createPostgresDatabase } from '../support/postgres';

// The append-only and immutable records, by behaviour: the same statements run on a migrated SQLite
// file and a migrated PostgreSQL database, and each must be refused on both with the same message
// (or allowed on both). Literal SQL that both dialects read alike, so nothing is translated.
const T = 1_780_000_000_000; // a millisecond timestamp, as both store it
const SEED = [
	`INSERT INTO people (id, display_name, created_at) VALUES ('p1', 'Anna', ${T}), ('p2', 'Ben', ${T}), ('p3', 'Cem', ${T})`,
	`INSERT INTO conferences (id, name, region, settings, created_at) VALUES ('c1', 'Gesundheitskonferenz', 'Kreis', '{}', ${T})`,
	`INSERT INTO plenary_sessions (id, conference_id, title, starts_at, place, check_in_code, created_at) VALUES ('s1', 'c1', 'Plenum', ${T}, 'Rathaus', 'ABC123', ${T})`,
	`INSERT INTO polls (id, session_id, agenda_item_id, item_title, motion, kind, secrecy, status, majority, quorum_percent, opened_at)
		VALUES ('poll1', 's1', 'i1', 'TOP 1', 'Antrag', 'vote', 'named', 'closed', 'simple', 50, ${T})`,
	`INSERT INTO resolutions (id, session_id, poll_id, number, agenda_item_id, item_title, motion, kind, secrecy, outcome, tally, seats, majority, quorum_percent, decided_at, created_at)
		VALUES ('r1', 's1', 'poll1', 1, 'i1', 'TOP 1', 'Antrag', 'vote', 'named', 'adopted', '{}', '{}', 'simple', 50, ${T}, ${T})`,
	`INSERT INTO working_groups (id, conference_id, name, created_at) VALUES ('g1', 'c1', 'AG Pflege', ${T})`,
	`INSERT INTO group_meetings (id, group_id, title, starts_at, duration_minutes, agenda, place, created_at) VALUES ('m1', 'g1', 'Treffen', ${T}, 60, '[]', 'Rathaus', ${T})`,
	`INSERT INTO minutes_versions (id, meeting_id, number, reason, status, html, lines, state, created_at, created_by_person_id)
		VALUES ('v1', 'm1', 1, 'saved', 'draft', '<p>Protokoll</p>', '[]', '', ${T}, 'p3')`,
	`INSERT INTO claims (id, conference_id, person_id, year, number, session_id, meeting_type, meeting_title, meeting_starts_at, status, created_at)
		VALUES ('cl1', 'c1', 'p1', 2026, 1, 's1', 'plenary', 'Plenum', ${T}, 'draft', ${T}), ('cl2', 'c1', 'p2', 2026, 2, 's1', 'plenary', 'Plenum', ${T}, 'paid', ${T})`,
	`INSERT INTO accessibility_feedback (id, message, received_at, reply_due_at) VALUES ('f1', 'Der Knopf ist zu klein.', ${T}, ${T})`,
	`INSERT INTO audit_log (at, action, subject_type, subject_id) VALUES (${T}, 'conference.create', 'conference', 'c1'), (${T}, 'feedback.submit', 'accessibilityFeedback', 'f1')`
];

type Outcome = 'allowed' | `refused: ${string}`;
let onSqlite: (statement: string) => Promise<Outcome>;
let onPostgres: (statement: string) => Promise<Outcome>;
let pool: pg.Pool;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
	const storage = tempDatabase();
	cleanups.push(storage.cleanup);
	onSqlite = async (statement) => {
		try {
			storage.db.$client.exec(statement);
			return 'allowed';
		} catch (error) {
			const { code, message } = error as { code?: string; message: string };
			if (code !== 'SQLITE_CONSTRAINT_TRIGGER') throw error;
			return `refused: ${message}`;
		}
	};

	const database = await createPostgresDatabase();
	cleanups.push(database.drop);
	await migratePostgres(database.url);
	pool = new pg.Pool({ connectionString: database.url, max: 2 });
	cleanups.push(() => pool.end());
	onPostgres = async (statement) => {
		try {
			await pool.query(statement);
			return 'allowed';
		} catch (error) {
			const { code, message } = error as { code?: string; message: string };
			// 23001 restrict_violation: a constraint refused it, as SQLite's RAISE(ABORT) says.
			if (code !== '23001') throw error;
			return `refused: ${message}`;
		}
	};

	for (const statement of SEED) {
		expect(await onSqlite(statement), statement).toBe('allowed');
		expect(await onPostgres(statement), statement).toBe('allowed');
	}
});
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs each statement on both, in order, and returns what happened on each. */
async function onBoth(statements: string[]): Promise<{ sqlite: Outcome[]; postgres: Outcome[] }> {
	const sqlite: Outcome[] = [];
	const postgres: Outcome[] = [];
	for (const statement of statements) {
		sqlite.push(await onSqlite(statement));
		postgres.push(await onPostgres(statement));
	}
	return { sqlite, postgres };
}

describe('append-only and immutable records on PostgreSQL, as on SQLite', () => {
	it('the audit log refuses changes and deletions, except the rows of feedback the retention purge erased', async () => {
		const expected: Outcome[] = [
			'refused: audit_log is append-only',
			'refused: audit_log is append-only',
			// The feedback still exists: its history stays.
			'refused: audit_log is append-only',
			'allowed',
			// The purge of 0011: feedback gone, then its audit rows.
			'allowed'
		];
		const outcomes = await onBoth([
			`UPDATE audit_log SET action = 'conference.rename' WHERE subject_id = 'c1'`,
			`DELETE FROM audit_log WHERE subject_id = 'c1'`,
			`DELETE FROM audit_log WHERE subject_id = 'f1'`,
			`DELETE FROM accessibility_feedback WHERE id = 'f1'`,
			`DELETE FROM audit_log WHERE subject_id = 'f1'`
		]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
		expect((await pool.query(`SELECT subject_id FROM audit_log`)).rows).toEqual([{ subject_id: 'c1' }]);
	});

	it('a resolution is never changed', async () => {
		const expected: Outcome[] = ['refused: resolutions are never changed'];
		expect(await onBoth([`UPDATE resolutions SET motion = 'Ein anderer Antrag' WHERE id = 'r1'`])).toEqual({ sqlite: expected, postgres: expected });
	});

	it('a minutes version keeps its text, but its author may be erased', async () => {
		const expected: Outcome[] = ['refused: minutes versions are immutable', 'allowed'];
		const outcomes = await onBoth([`UPDATE minutes_versions SET html = '<p>Anders</p>' WHERE id = 'v1'`, `DELETE FROM people WHERE id = 'p3'`]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
		expect((await pool.query(`SELECT html, created_by_person_id FROM minutes_versions`)).rows).toEqual([
			{ html: '<p>Protokoll</p>', created_by_person_id: null }
		]);
	});

	it('a claim is never deleted, and a paid one never changes', async () => {
		const expected: Outcome[] = [
			'allowed',
			'refused: claims are never deleted',
			'refused: claims are never deleted',
			'refused: a paid claim never changes; reverse its lines instead'
		];
		const outcomes = await onBoth([
			`UPDATE claims SET reason = 'Fahrt mit dem Bus' WHERE id = 'cl1'`,
			`DELETE FROM claims WHERE id = 'cl1'`,
			`DELETE FROM claims WHERE id = 'cl2'`,
			`UPDATE claims SET reason = 'nachträglich' WHERE id = 'cl2'`
		]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
	});
});

describe('the PostgreSQL schema in code', () => {
	it('reads back the values the app wrote, and stores timestamps as the milliseconds SQLite stores', async () => {
		const db = drizzle(pool, { schema: schemaPg });
		const createdAt = new Date('2027-03-01T09:30:00.123Z');
		const [person] = await db.insert(schemaPg.people).values({ displayName: 'Dana', prefersEasyLanguage: true, createdAt }).returning();
		expect(person).toMatchObject({ displayName: 'Dana', prefersEasyLanguage: true, preferredLocale: 'de', createdAt });

		const state = Buffer.from([0, 1, 2, 255]);
		await db.insert(schemaPg.docSnapshots).values({ docName: 'minutes:m1', state, throughSeq: 2 ** 40, updatedAt: createdAt });
		const [snapshot] = await db.select().from(schemaPg.docSnapshots).where(eq(schemaPg.docSnapshots.docName, 'minutes:m1'));
		expect(snapshot).toEqual({ docName: 'minutes:m1', state, throughSeq: 2 ** 40, updatedAt: createdAt });

		const [conference] = await db.select().from(schemaPg.conferences).where(eq(schemaPg.conferences.id, 'c1'));
		expect(conference.settings).toEqual({});
		await db
			.update(schemaPg.conferences)
			.set({ settings: { ...schemaPg.DEFAULT_CONFERENCE_SETTINGS, accentColor: '#005a9c' } })
			.where(eq(schemaPg.conferences.id, 'c1'));
		const [updated] = await db.select().from(schemaPg.conferences).where(eq(schemaPg.conferences.id, 'c1'));
		expect(updated.settings.accentColor).toBe('#005a9c');

		const { rows } = await pool.query(`SELECT created_at::text AS ms FROM people WHERE id = $1`, [person.id]);
		expect(rows).toEqual([{ ms: String(createdAt.getTime()) }]);
	});

	it('applies its migrations once, however many instances start together', async () => {
		const database = await createPostgresDatabase();
		try {
			await Promise.all([migratePostgres(database.url), migratePostgres(database.url), migratePostgres(database.url)]);
			const client = new pg.Client({ connectionString: database.url });
			await client.connect();
			try {
				const { rows } = await client.query(`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`);
				expect(rows).toEqual([{ applied: 2 }]);
			} finally {
				await client.end();
			}
		} finally {
			await database.drop();
		}
	});
});
