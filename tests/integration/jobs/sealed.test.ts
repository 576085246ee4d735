import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { openDatabase } from '../../../src/lib/server/db';
import { seal, unseal } from '../../../src/lib/server/jobs/sealed';
import { tempDatabase } from '../support/db';

const first = tempDatabase();
const second = tempDatabase();
afterAll(() => {
	first.cleanup();
	second.cleanup();
});

describe('sealed job secrets', () => {
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
