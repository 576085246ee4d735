import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/lib/server/db';

/** A real, migrated SQLite file in a temp folder; removed again after the test file. */
export function tempDatabase(): { db: Db; file: string; dir: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'ratschlag-test-'));
	const file = join(dir, 'test.sqlite');
	const db = openDatabase(file);
	return {
		db,
		file,
		dir,
		cleanup: () => {
			db.$client.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
