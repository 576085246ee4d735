// On both databases: the key in a file beside the SQLite database, and JOBS_SECRET across PostgreSQL instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { openDatabase } from '../../../src/lib/server/db';
import type { Data } from '../../../src/lib/server/db/client';
import { linkKeysOn } from '../../../src/lib/server/invitations/links';
import { seal, unseal } from '../../../src/lib/server/jobs/sealed';
import { tempData, type TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { useJobsSecret } from '../support/jobsSecret';

const first = tempDatabase();
const second = tempDatabase();
afterAll(() => {
	first.cleanup();
	second.cleanup();
});

describe('sealed job secrets on SQLite', () => {
	it('open again only with the same database’s key and for the same job', () => {
		const sealed = seal(first.db, 'the-token', 'mail.accessLink:link-1');
		expect(sealed).not.toContain('the-token');
		expect(unseal(first.db, sealed, 'mail.accessLink:link-1')).toBe('the-token');
		expect(() => unseal(first.db, sealed, 'mail.accessLink:link-2')).toThrow();
		expect(() => unseal(second.db, sealed, 'mail.accessLink:link-1')).toThrow();
	});

	it('keep the key in a file next to the database, readable by its owner only, and survive a reopen', () => {
		const sealed = seal(first.db, 'kept', 'k');
		expect(existsSync(`${first.file}.jobkey`)).toBe(true);
		expect(statSync(`${first.file}.jobkey`).mode & 0o077).toBe(0);
		const reopened = openDatabase(first.file);
		expect(unseal(reopened, sealed, 'k')).toBe('kept');
		reopened.$client.close();
	});
});

/** PostgreSQL has no file to keep a key beside: every instance seals with JOBS_SECRET, which it requires. */
describe('sealed job secrets on PostgreSQL', () => {
	useJobsSecret('the secret every instance shares');
	let pg: TempData;
	let otherInstance: Data;
	beforeAll(async () => {
		pg = await tempData('postgres');
		otherInstance = await pg.another();
	});
	afterAll(() => pg?.cleanup());

	/** Runs `work` with JOBS_SECRET set to `secret` (unset for undefined), then puts the suite's back. */
	function withSecret<T>(secret: string | undefined, work: () => T): T {
		const before = process.env.JOBS_SECRET;
		if (secret === undefined) delete process.env.JOBS_SECRET;
		else process.env.JOBS_SECRET = secret;
		try {
			return work();
		} finally {
			if (before === undefined) delete process.env.JOBS_SECRET;
			else process.env.JOBS_SECRET = before;
		}
	}

	it('open on another instance with the same secret, for the same job only', () => {
		const sealed = seal(linkKeysOn(pg.data), 'the-token', 'mail.accessLink:link-1');
		expect(sealed).not.toContain('the-token');
		expect(unseal(linkKeysOn(otherInstance), sealed, 'mail.accessLink:link-1')).toBe('the-token');
		expect(() => unseal(linkKeysOn(otherInstance), sealed, 'mail.accessLink:link-2')).toThrow();
	});

	it('do not open with another secret', () => {
		const sealed = seal(linkKeysOn(pg.data), 'the-token', 'k');
		expect(() => withSecret('a secret of another installation', () => unseal(linkKeysOn(otherInstance), sealed, 'k'))).toThrow();
	});

	it('are refused without JOBS_SECRET, naming it, instead of sealing with a key nobody else has', () => {
		expect(() => withSecret(undefined, () => seal(linkKeysOn(pg.data), 'the-token', 'k'))).toThrow(/JOBS_SECRET/);
	});
});
