// On both databases: it compares the two schemas.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../../src/lib/server/db/postgres';
import * as schemaSqlite from '../../../src/lib/server/db/schema';
import * as schemaPg from '../../../src/lib/server/db/schema-pg';
import { tempDatabase } from '../support/db';
import { createPostgresDatabase } from '../support/postgres';
import { compareDescriptions, describeSchemaModule } from '../support/schemaCode';
import { compareCatalogues, readPostgresCatalogue, readSqliteCatalogue, type Catalogue } from '../support/schemaCatalogue';

// Both migration sets applied to empty databases, then the two catalogues compared. A change to
// the SQLite schema without the same change to schema-pg and drizzle/pg (or the reverse) fails here.
/**
 * Differences known and meant, each with its reason. The test fails when one disappears, too, so
 * this list cannot outlive what it excuses.
 */
const KNOWN_DIFFERENCES = [
	// drizzle-kit wrote 0018's ALTER TABLE … ADD … REFERENCES without the schema's ON DELETE SET NULL
	// (SQLite cannot change a foreign key without rebuilding the table). PostgreSQL follows the
	// schema; on SQLite, erasing a person who changed a payee's bank account fails on this key.
	'foreign key allowance_payees (bank_changed_by_person_id) → people (id) differs: SQLite "on delete no action", PostgreSQL "on delete set null"'
];

let sqlite: Catalogue;
let postgres: Catalogue;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
	const storage = tempDatabase();
	cleanups.push(storage.cleanup);
	sqlite = readSqliteCatalogue(storage.db.$client);

	// Empty, not a copy of the run's template: the catalogue compared is what the migrations make.
	const database = await createPostgresDatabase({ empty: true });
	cleanups.push(database.drop);
	await migratePostgres(database.url);
	const client = new pg.Client({ connectionString: database.url });
	await client.connect();
	try {
		postgres = await readPostgresCatalogue(client);
	} finally {
		await client.end();
	}
});
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the SQLite and PostgreSQL schemas', () => {
	it('have the same tables, columns, keys, indexes, checks and triggers', () => {
		expect(compareCatalogues(sqlite, postgres)).toEqual(KNOWN_DIFFERENCES);
	});

	// The comparison itself: a reader that saw nothing would make the test above pass on anything.
	it('compare catalogues that are really read', () => {
		expect(sqlite.tables.size).toBeGreaterThan(50);
		expect(sqlite.indexes.get('jobs.jobs_key_open_idx')).toBe("unique (key) where key is not null and state <> 'done'");
		expect(postgres.foreignKeys.get('sessions (person_id) → people (id)')).toBe('on delete cascade');
		expect(postgres.triggers.get('claims_no_delete')).toBe("before delete on claims: refuses with 'claims are never deleted'");
		expect(postgres.triggers.get('audit_log_no_delete')).toBe("before delete on audit_log: refuses with 'audit_log is append-only'");
		expect(postgres.columns.get('audit_log.at')).toBe('integer not null');
		expect(postgres.checks.has('claims.claims_four_eyes')).toBe(true);
	});

	it('name what is missing where', () => {
		const withoutIndex: Catalogue = { ...postgres, indexes: new Map(postgres.indexes) };
		withoutIndex.indexes.delete('jobs.jobs_claim_idx');
		withoutIndex.triggers = new Map(postgres.triggers);
		withoutIndex.triggers.set('claims_paid_final', "before update on claims: refuses with '?'");
		expect(compareCatalogues(sqlite, withoutIndex)).toEqual([
			'index jobs.jobs_claim_idx ((state, run_at)) is in SQLite but missing in PostgreSQL',
			...KNOWN_DIFFERENCES,
			`trigger claims_paid_final differs: SQLite "before update on claims: refuses with 'a paid claim never changes; reverse its lines instead'", PostgreSQL "before update on claims: refuses with '?'"`
		]);
	});
});

describe('the two Drizzle schemas', () => {
	it('export the same tables, whose columns give the app the same values', () => {
		expect(compareDescriptions('export', describeSchemaModule(schemaSqlite), describeSchemaModule(schemaPg))).toEqual([]);
	});

	it('describe what the app reads, not how it is stored', () => {
		const sqlite = describeSchemaModule(schemaSqlite);
		const postgres = describeSchemaModule(schemaPg);
		expect(sqlite.get('auditLog')).toBe('table audit_log');
		expect(postgres.get('people.createdAt')).toBe('created_at date not null default from code');
		expect(postgres.get('people.prefersEasyLanguage')).toBe('prefers_easy_language boolean not null default false');
		expect(postgres.get('docSnapshots.state')).toBe('state buffer not null');
		expect(postgres.get('jobs.state')).toBe('state string one of queued|running|done|failed not null default "queued"');
	});
});
