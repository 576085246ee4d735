import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DocServerOptions } from '../../../server/collab/docServer';
import { startTestServer } from './collab';
import { tempDatabase } from './db';
import { buildFixture } from './fixture';

/**
 * What a test file of the document server stands on: a fresh database with the fixture and a
 * document server on a loopback port, started before the file's tests; the clients a test
 * `track`s are closed after it, and everything is stopped after the file.
 */
export function collabTestBed(options: Partial<DocServerOptions> = {}) {
	const storage = tempDatabase();
	const open: { close(): void }[] = [];
	const bed = {
		db: storage.db,
		fixture: undefined as unknown as Awaited<ReturnType<typeof buildFixture>>,
		server: undefined as unknown as Awaited<ReturnType<typeof startTestServer>>,
		track: <T extends { close(): void }>(client: T): T => (open.push(client), client)
	};
	beforeAll(async () => {
		bed.fixture = await buildFixture(storage.db);
		bed.server = await startTestServer(storage.db, options);
	});
	afterEach(() => {
		for (const client of open.splice(0)) client.close();
	});
	afterAll(async () => {
		await bed.server?.stop();
		storage.cleanup();
	});
	return bed;
}
