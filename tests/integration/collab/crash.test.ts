import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startBuiltServer } from '../support/builtServer';
import { NOTES_TEXT, groupNotesDoc } from '../../../src/lib/collab/docNames';
import { connect, until } from '../support/collab';

/**
 * The production server, killed with SIGKILL right after clients saw N updates: after a
 * restart, all N are there. This is what "persist before broadcast" promises.
 */
const dir = mkdtempSync(join(tmpdir(), 'ratschlag-crash-'));
const databaseFile = join(dir, 'ratschlag.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
	it('kill -9 right after clients saw N updates loses none of them', async () => {
		let server = await startBuiltServer({ databaseFile });
		const office = server.demo('Geschäftsstelle').link;
		const cookie = await server.signIn(office);
		const reader = new Database(databaseFile, { readonly: true });
		const groupId = (reader.prepare('SELECT id FROM working_groups ORDER BY name LIMIT 1').get() as { id: string }).id;
		reader.close();
		const name = groupNotesDoc(groupId);
		const url = `ws://127.0.0.1:${server.port}/collab`;

		const writer = connect(url, name, cookie);
		const observer = connect(url, name, cookie);
		await Promise.all([writer.synced(), observer.synced()]);
		const N = 500;
		const text = writer.doc.getText(NOTES_TEXT);
		for (let i = 0; i < N; i++) {
			text.insert(text.length, String(i % 10));
			if (i % 50 === 0) await new Promise((r) => setImmediate(r));
		}
		await until(() => observer.doc.getText(NOTES_TEXT).length === N, 10_000, 'observer saw all updates');
		await server.kill();
		const seen = observer.doc.getText(NOTES_TEXT).toString();
		writer.close();
		observer.close();

		server = await startBuiltServer({ databaseFile, port: server.port });
		const after = connect(url, name, await server.signIn(office));
		await after.synced();
		expect(after.doc.getText(NOTES_TEXT).toString()).toBe(seen);
		after.close();
		await server.stop();
	}, 90_000);
});
