import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '../../src/lib/server/db';
import { conferenceMemberships, people } from '../../src/lib/server/db/schema';
import { loadActorOn, NotAllowed } from '../../src/lib/server/policies';
import { load as startLoad } from '../../src/routes/(app)/start/+page.server';
import { load as conferenceLoad } from '../../src/routes/(app)/conferences/[conferenceId]/+page.server';
import { buildFixture, type ActorName } from './support/fixture';
import { tempDatabase } from './support/db';
import { sqliteData } from '../../src/lib/server/db/client';

// The two pages that show a person's own roles, now read through the asynchronous data layer
// (queries/myRoles.ts) while the rest of their loads still runs on the synchronous one.
const storage = tempDatabase();
const db = storage.db;
const databaseBefore = process.env.DATABASE_URL;
let fixture: Awaited<ReturnType<typeof buildFixture>>;

const event = async (who: Exclude<ActorName, 'anonymous'>, params: Record<string, string> = {}) => {
	const person = db.select().from(people).where(eq(people.id, fixture.ids[who])).get();
	return {
		locals: { actor: await loadActorOn(sqliteData(db.$client), fixture.ids[who]), person, session: { accessLinkId: null } },
		params,
		url: new URL('https://ratschlag.example/start')
	} as never;
};

beforeAll(async () => {
	fixture = await buildFixture(db);
	db.update(conferenceMemberships).set({ deputyForPersonId: fixture.ids.votingMember }).where(eq(conferenceMemberships.personId, fixture.ids.deputy)).run();
	// The pages open the app's database through getDb(), which follows DATABASE_URL.
	process.env.DATABASE_URL = storage.file;
});

afterAll(() => {
	closeDb();
	if (databaseBefore === undefined) delete process.env.DATABASE_URL;
	else process.env.DATABASE_URL = databaseBefore;
	storage.cleanup();
});

describe('pages with my roles', () => {
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
		const principal = db.select().from(people).where(eq(people.id, fixture.ids.votingMember)).get();
		expect(page.mine.roles).toEqual([{ role: 'member', memberStatus: 'deputy', deputyFor: { displayName: principal?.displayName } }]);
	});

	it('the conference page still refuses someone of another conference', async () => {
		await expect(conferenceLoad(await event('otherOffice', { conferenceId: fixture.conferenceA.id }))).rejects.toBeInstanceOf(NotAllowed);
	});
});
