import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { startBuiltServer, type BuiltServer } from './support/builtServer';
import { Client } from './support/client';

/**
 * What a person sees when the route guard refuses a request their browser sent without
 * JavaScript: the page's own refusal in their words, never SvelteKit's English fallback with a
 * message key. Against the built server on a fresh demo database.
 */
let server: BuiltServer;
let db: Db;
let meeting: string;

beforeAll(async () => {
	server = await startBuiltServer();
	db = openDatabase(server.databaseFile);
	const row = db.$client
		.prepare(
			"SELECT g.conference_id AS c, g.id AS g, m.id AS m FROM working_groups g JOIN group_meetings m ON m.group_id = g.id WHERE g.name = 'AG Zugang für alle' LIMIT 1"
		)
		.get() as { c: string; g: string; m: string };
	meeting = `/conferences/${row.c}/groups/${row.g}/meetings/${row.m}`;
}, 60_000);

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

async function guest(): Promise<Client> {
	const client = new Client(server, '198.51.100.20');
	await client.signInWithLink(server.demo('Gast').link);
	return client;
}

describe('a refused request sent without JavaScript', () => {
	it('a form posted to a page the person may not open is refused in German, with nothing done', async () => {
		const client = await guest();
		const posted = await client.post(`${meeting}?/recordAttendance`, { personId: 'x' });
		expect(posted.status).toBe(403);
		const html = await posted.text();
		expect(html).toContain('<html lang="de">');
		expect(html).toContain('Mit Ihrer Rolle können Sie diese Seite nicht öffnen');
		expect(html).not.toMatch(/>\s*forbidden\s*</);
	});

	it('an endpoint opened in the browser shows a page in plain words, not a message key', async () => {
		const client = await guest();
		const page = await client.get(`${meeting}/calendar.ics`, { accept: 'text/html' });
		expect(page.status).toBe(403);
		const html = await page.text();
		expect(html).toContain('<html lang="de">');
		expect(html).toContain('Mit Ihrer Rolle können Sie diese Seite nicht öffnen');
		expect(html).not.toMatch(/>\s*forbidden\s*</);
	});
});
