import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { first, type Data } from '../../src/lib/server/db/client';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { load as startLoad } from '../../src/routes/(app)/start/+page.server';
import { load as conferenceLoad } from '../../src/routes/(app)/conferences/[conferenceId]/+page.server';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, pagesData, type Fixture } from './support/fixtureOn';

// The pages read through getData(), the process's one database; here, the suite's (see pagesData).
vi.mock('../../src/lib/server/db/data', async (original) => ({
	...(await original<typeof import('../../src/lib/server/db/data')>()),
	getData: () => pagesData()
}));

// The two pages that show a person's own roles (queries/myRoles.ts), on SQLite and PostgreSQL.
describe.each(DIALECTS)('pages with my roles on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;

	const personOf = async (personId: string) => first(await data.q.select().from(data.t.people).where(eq(data.t.people.id, personId)));
	const event = async (who: Exclude<ActorName, 'anonymous'>, params: Record<string, string> = {}) =>
		({
			locals: { actor: await loadActorOn(data, fixture.ids[who]), person: await personOf(fixture.ids[who]), session: { accessLinkId: null } },
			params,
			url: new URL('https://ratschlag.example/start')
		}) as never;

	beforeAll(async () => {
		({ data, fixture } = on);
		const { conferenceMemberships } = data.t;
		await data.q
			.update(conferenceMemberships)
			.set({ deputyForPersonId: fixture.ids.votingMember })
			.where(eq(conferenceMemberships.personId, fixture.ids.deputy));
	});

	it("the start page lists, per conference, the person's roles and working groups", async () => {
		const page = (await startLoad(await event('groupCoordinator'))) as {
			conferences: { id: string; roles: { role: string }[]; groups: { id: string; role: string }[] }[];
		};
		const mine = page.conferences.find((c) => c.id === fixture.conferenceA.id);
		expect(mine?.groups).toEqual([expect.objectContaining({ id: fixture.group.id, role: 'coordinator' })]);
		expect(mine?.roles.length).toBeGreaterThan(0);
	});

	it("the conference page shows a deputy's role with whom they stand in for", async () => {
		const page = (await conferenceLoad(await event('deputy', { conferenceId: fixture.conferenceA.id }))) as {
			mine: { roles: { role: string; memberStatus: string | null; deputyFor: { displayName: string } | null }[] };
		};
		const principal = await personOf(fixture.ids.votingMember);
		expect(page.mine.roles).toEqual([{ role: 'member', memberStatus: 'deputy', deputyFor: { displayName: principal?.displayName } }]);
	});

	it('the conference page still refuses someone of another conference', async () => {
		await expect(conferenceLoad(await event('otherOffice', { conferenceId: fixture.conferenceA.id }))).rejects.toBeInstanceOf(NotAllowed);
	});
});
