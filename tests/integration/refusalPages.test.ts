import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../src/lib/server/db/client';
import { builtServerOn } from './support/builtServerOn';
import { Client } from './support/client';
import { DIALECTS } from './support/data';

/**
 * What a person sees when the route guard refuses a request their browser sent without
 * JavaScript: the page's own refusal in their words, never SvelteKit's English fallback with a
 * message key. Against the built server on a fresh demo database, on SQLite and on PostgreSQL.
 */
describe.each(DIALECTS)('a refused request sent without JavaScript, on %s', (dialect) => {
	const on = builtServerOn(dialect);
	let meeting: string;

	beforeAll(async () => {
		const { q, t } = on.data;
		const found = first(
			await q
				.select({ c: t.workingGroups.conferenceId, g: t.workingGroups.id, m: t.groupMeetings.id })
				.from(t.workingGroups)
				.innerJoin(t.groupMeetings, eq(t.groupMeetings.groupId, t.workingGroups.id))
				.where(eq(t.workingGroups.name, 'AG Zugang für alle'))
				// Any of the group's meetings will do; the earliest, so it is the same one on both databases (the demo's ids are random).
				.orderBy(t.groupMeetings.startsAt)
				.limit(1)
		)!;
		meeting = `/conferences/${found.c}/groups/${found.g}/meetings/${found.m}`;
	});

	async function guest(): Promise<Client> {
		const client = new Client(on.server, '198.51.100.20');
		await client.signInWithLink(on.server.demo('Gast').link);
		return client;
	}

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
