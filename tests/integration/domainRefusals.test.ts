import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { first } from '../../src/lib/server/db/client';
import { builtServerOn } from './support/builtServerOn';
import { Client } from './support/client';
import { DIALECTS } from './support/data';

/**
 * A refusal that comes from `authorize` inside a command, past the route guard (the person may
 * open the page, not do this on it): the domain throws `NotAllowed`, and the web answers it as
 * SvelteKit's `error(403)` did, in the person's words. Against the built server, on SQLite and on
 * PostgreSQL.
 */
describe.each(DIALECTS)('a command refused by the policies, on %s', (dialect) => {
	const on = builtServerOn(dialect);
	let plenary: string;

	beforeAll(async () => {
		const { q, t } = on.data;
		// Any sitting will do; the earliest, so it is the same one on both databases (the demo's ids are random).
		const found = first(
			await q.select({ c: t.plenarySessions.conferenceId, s: t.plenarySessions.id }).from(t.plenarySessions).orderBy(t.plenarySessions.startsAt).limit(1)
		)!;
		plenary = `/conferences/${found.c}/plenary/${found.s}`;
	});

	it('answers 403 with the refusal page in German, and nothing is done', async () => {
		const { server, data } = on;
		const client = new Client(server, '198.51.100.30');
		await client.signInWithLink(server.demo('Gast').link);
		expect((await client.get(plenary)).status).toBe(200);
		const polls = async () => first(await data.q.select({ n: count() }).from(data.t.polls))!.n;
		const before = await polls();
		const posted = await client.post(`${plenary}?/openPoll`, { agendaItemId: 'abc123', motion: '', kind: 'vote', secrecy: 'named' });
		expect(posted.status).toBe(403);
		const html = await posted.text();
		expect(html).toContain('<html lang="de">');
		expect(html).toContain('Mit Ihrer Rolle können Sie diese Seite nicht öffnen');
		expect(await polls()).toBe(before);
	});
});
