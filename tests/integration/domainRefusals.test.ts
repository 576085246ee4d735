import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { startBuiltServer, type BuiltServer } from './support/builtServer';
import { Client } from './support/client';

/**
 * A refusal that comes from `authorize` inside a command, past the route guard (the person may
 * open the page, not do this on it): the domain throws `NotAllowed`, and the web answers it as
 * SvelteKit's `error(403)` did, in the person's words. Against the built server.
 */
let server: BuiltServer;
let db: Db;
let plenary: string;

beforeAll(async () => {
	server = await startBuiltServer();
	db = openDatabase(server.databaseFile);
	const row = db.$client.prepare('SELECT conference_id AS c, id AS s FROM plenary_sessions LIMIT 1').get() as { c: string; s: string };
	plenary = `/conferences/${row.c}/plenary/${row.s}`;
}, 60_000);

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('a command refused by the policies', () => {
	it('answers 403 with the refusal page in German, and nothing is done', async () => {
		const client = new Client(server, '198.51.100.30');
		await client.signInWithLink(server.demo('Gast').link);
		expect((await client.get(plenary)).status).toBe(200);
		const polls = () => (db.$client.prepare('SELECT count(*) AS n FROM polls').get() as { n: number }).n;
		const before = polls();
		const posted = await client.post(`${plenary}?/openPoll`, { agendaItemId: 'abc123', motion: '', kind: 'vote', secrecy: 'named' });
		expect(posted.status).toBe(403);
		const html = await posted.text();
		expect(html).toContain('<html lang="de">');
		expect(html).toContain('Mit Ihrer Rolle können Sie diese Seite nicht öffnen');
		expect(polls()).toBe(before);
	});
});
