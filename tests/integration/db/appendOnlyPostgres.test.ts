// On both databases: the same statements on a SQLite file and on a PostgreSQL database, refused (or allowed) alike.
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
	`INSERT INTO audit_log (at, action, subject_type, subject_id) VALUES (${T}, 'conference.create', 'conference', 'c1'), (${T}, 'feedback.submit', 'accessibilityFeedback', 'f1')`,
	`INSERT INTO recommendations (id, conference_id, group_id, status, title, created_at, status_changed_at)
		VALUES ('rec1', 'c1', 'g1', 'submitted', 'Mehr Pflegeplätze', ${T}, ${T}), ('rec2', 'c1', 'g1', 'draft', 'Ein Bus ins Dorf', ${T}, ${T})`,
	`INSERT INTO recommendation_events (id, recommendation_id, event, at) VALUES ('e1', 'rec1', 'submitted', ${T})`,
	`INSERT INTO recommendation_updates (id, recommendation_id, state, note, reported_on, created_at) VALUES ('u1', 'rec1', 'planned', 'Im Haushalt', ${T}, ${T})`,
	`INSERT INTO easy_texts (id, conference_id, kind, subject_id, body, status, source_fingerprint, written_at, checked_at)
		VALUES ('et1', 'c1', 'plenary_session', 's1', 'Wir treffen uns.', 'checked', 'f', ${T}, ${T})`,
	`INSERT INTO sitting_minutes_versions (id, session_id, number, reason, status, html, lines, state, created_at)
		VALUES ('sv1', 's1', 1, 'saved', 'draft', '<p>Sitzung</p>', '[]', '', ${T})`,
	`INSERT INTO claim_lines (id, claim_id, kind, amount_cents, created_at) VALUES ('l1', 'cl1', 'flat', 2500, ${T})`,
	`INSERT INTO receipts (id, conference_id, person_id, claim_id, content_type, byte_size, sha256, created_at)
		VALUES ('rc1', 'c1', 'p1', 'cl1', 'image/png', 3, 'abc', ${T})`,
	// A text literal: a blob on SQLite (which keeps what it is given), a bytea on PostgreSQL.
	`INSERT INTO receipt_files (receipt_id, bytes) VALUES ('rc1', 'abc')`,
	`INSERT INTO payout_batches (id, conference_id, number, message_id, execution_date, transfer_count, total_cents, xml, created_at)
		VALUES ('b1', 'c1', 1, 'MSG-1', '2026-06-01', 0, 0, '<Document/>', ${T})`,
	`INSERT INTO digests (id, conference_id, title, state, number, published_at, html_standard, text_standard, created_at)
		VALUES ('d1', 'c1', 'Rundbrief 1', 'published', 1, ${T}, '<p>1</p>', '1', ${T})`,
	`INSERT INTO digests (id, conference_id, title, created_at) VALUES ('d2', 'c1', 'Rundbrief 2', ${T})`,
	`INSERT INTO newsletter_subscribers (id, conference_id, email, created_at) VALUES ('ns1', 'c1', 'eva@example.org', ${T})`,
	`INSERT INTO newsletter_consents (id, subscriber_id, event, at, via) VALUES ('nc1', 'ns1', 'signed_up', ${T}, 'form')`
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

	it("a recommendation's history, its reports and its texts before the plenary stay as written", async () => {
		const expected: Outcome[] = [
			'refused: recommendation events are never changed',
			'refused: implementation reports are never changed',
			'refused: the texts of a recommendation before the plenary are never changed',
			// Its status may move on, and a draft's texts may change.
			'allowed',
			'allowed'
		];
		const outcomes = await onBoth([
			`UPDATE recommendation_events SET note = 'nachgetragen' WHERE id = 'e1'`,
			`UPDATE recommendation_updates SET note = 'Doch nicht' WHERE id = 'u1'`,
			`UPDATE recommendations SET title = 'Weniger Pflegeplätze' WHERE id = 'rec1'`,
			`UPDATE recommendations SET status_changed_at = ${T + 1} WHERE id = 'rec1'`,
			`UPDATE recommendations SET title = 'Zwei Busse ins Dorf' WHERE id = 'rec2'`
		]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
	});

	it('a checked easy-language text changes only by going back to draft', async () => {
		const expected: Outcome[] = ['refused: easy_texts: a changed text must be checked again', 'allowed'];
		const outcomes = await onBoth([
			`UPDATE easy_texts SET body = 'Wir treffen uns bald.' WHERE id = 'et1'`,
			`UPDATE easy_texts SET body = 'Wir treffen uns bald.', status = 'draft', checked_at = NULL WHERE id = 'et1'`
		]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
	});

	it("a sitting's minutes version keeps its text", async () => {
		const expected: Outcome[] = ['refused: minutes versions are immutable'];
		expect(await onBoth([`UPDATE sitting_minutes_versions SET html = '<p>Anders</p>' WHERE id = 'sv1'`])).toEqual({ sqlite: expected, postgres: expected });
	});

	it('claim lines keep their amount, receipts, their bytes and payout batches never change', async () => {
		const expected: Outcome[] = [
			'refused: claim lines are never deleted',
			'refused: a claim line keeps its amount; reverse it instead',
			// Deciding on a line is no change of its amount.
			'allowed',
			'refused: receipts never change',
			'refused: receipts are never deleted',
			'refused: receipt files never change',
			'refused: receipt files are never deleted',
			'refused: a payout batch never changes',
			'refused: payout batches are never deleted'
		];
		const outcomes = await onBoth([
			`DELETE FROM claim_lines WHERE id = 'l1'`,
			`UPDATE claim_lines SET amount_cents = 5000 WHERE id = 'l1'`,
			`UPDATE claim_lines SET status = 'approved' WHERE id = 'l1'`,
			`UPDATE receipts SET byte_size = 4 WHERE id = 'rc1'`,
			`DELETE FROM receipts WHERE id = 'rc1'`,
			`UPDATE receipt_files SET bytes = 'xyz' WHERE receipt_id = 'rc1'`,
			`DELETE FROM receipt_files WHERE receipt_id = 'rc1'`,
			`UPDATE payout_batches SET total_cents = 100 WHERE id = 'b1'`,
			`DELETE FROM payout_batches WHERE id = 'b1'`
		]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
	});

	it('a published digest and the consent log stay; a draft and an erased subscriber go', async () => {
		const expected: Outcome[] = [
			'refused: a published digest never changes',
			'refused: a published digest is never deleted',
			'allowed',
			'allowed',
			'refused: the consent log is never changed',
			// Erasure on request deletes the subscriber with their consent log.
			'allowed'
		];
		const outcomes = await onBoth([
			`UPDATE digests SET title = 'Rundbrief eins' WHERE id = 'd1'`,
			`DELETE FROM digests WHERE id = 'd1'`,
			`UPDATE digests SET title = 'Rundbrief zwei' WHERE id = 'd2'`,
			`DELETE FROM digests WHERE id = 'd2'`,
			`UPDATE newsletter_consents SET via = 'office' WHERE id = 'nc1'`,
			`DELETE FROM newsletter_subscribers WHERE id = 'ns1'`
		]);
		expect(outcomes).toEqual({ sqlite: expected, postgres: expected });
		expect((await pool.query(`SELECT count(*)::int AS left FROM newsletter_consents`)).rows).toEqual([{ left: 0 }]);
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
});
