// On both databases: each query runs on the demo in SQLite and on a PostgreSQL copy of it, and must answer the same.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first, sqliteData, type Data } from '../../../src/lib/server/db/client';
import { invitePerson } from '../../../src/lib/server/commands/invitePerson';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { loadActorOn } from '../../../src/lib/server/policies';
import { publishConfirmation } from '../../../src/lib/server/queries/digestPublishing';
import { invitationDateOn } from '../../../src/lib/server/queries/invitationDate';
import { accessLinkMailStatusOn } from '../../../src/lib/server/queries/jobs';
import { currentMinutes } from '../../../src/lib/server/queries/minutes';
import { myYearStanding } from '../../../src/lib/server/queries/myClaims';
import { currentSittingMinutes } from '../../../src/lib/server/queries/sittingMinutes';
import { copyToPostgres } from '../support/copyToPostgres';
import type { TempData } from '../support/data';
import { tempDatabase } from '../support/db';

// The last queries without a test on both dialects: the live minutes of a meeting and of a
// sitting (read from the stored documents), a digest's publish confirmation, an invitation
// round's date, an access link's mail status and a person's year of allowances. Each runs on the
// demo conference in SQLite and on a PostgreSQL copy of it, and must answer the same.
const storage = tempDatabase();
const sqlite = sqliteData(storage.db.$client);
let postgres: TempData;
let conferenceId: string;
beforeAll(async () => {
	conferenceId = (await seedDemo(sqlite, 'http://localhost:3000')).conferenceId;
	// The demo mails no access link; one invitation does, so a link's mail has a status to read.
	await invitePerson(sqlite, await loadActorOn(sqlite, await personNamed('Sabine Krüger')), {
		conferenceId,
		displayName: 'Frieda Neu',
		email: 'frieda.neu@example.org',
		organisation: 'Seniorenrat',
		preferredLocale: 'de',
		prefersEasyLanguage: false,
		role: 'member',
		memberStatus: 'advisory',
		deputyForPersonId: null,
		linkExpiresAt: null,
		mailLinkFrom: 'http://localhost:3000'
	});
	postgres = await copyToPostgres(storage.db);
}, 120_000);
afterAll(async () => {
	await postgres?.cleanup();
	storage.cleanup();
});

async function onBoth<T>(query: (data: Data) => Promise<T>): Promise<T> {
	const fromSqlite = await query(sqlite);
	expect(await query(postgres.data)).toEqual(fromSqlite);
	return fromSqlite;
}

const personNamed = async (name: string) => {
	const { people } = sqlite.t;
	return first(await sqlite.q.select({ id: people.id }).from(people).where(eq(people.displayName, name)))!.id;
};

describe('the last queries answer alike on SQLite and PostgreSQL', () => {
	it("a meeting's and a sitting's current minutes: the text, decisions and action items of the stored document", async () => {
		const { groupMeetings, plenarySessions } = sqlite.t;
		const meetings = await sqlite.q.select({ id: groupMeetings.id }).from(groupMeetings);
		const minutes = await Promise.all(meetings.map((m) => onBoth((data) => currentMinutes(data, m.id))));
		// The demo's meetings with minutes: their text is there, on both, and not broken.
		const written = minutes.filter((m) => m.html.length > 0);
		expect(written.length).toBeGreaterThan(0);
		expect(written.every((m) => !m.broken)).toBe(true);
		expect(written.some((m) => m.decisions.length > 0)).toBe(true);
		const sessions = await sqlite.q.select({ id: plenarySessions.id }).from(plenarySessions);
		for (const s of sessions) expect((await onBoth((data) => currentSittingMinutes(data, s.id))).broken).toBe(false);
	});

	it("a digest's publish confirmation names its title and audience", async () => {
		const { digests } = sqlite.t;
		const drafts = (await sqlite.q.select().from(digests)).filter((d) => d.state === 'draft');
		expect(drafts.length).toBeGreaterThan(0);
		const editor = await personNamed('Tobias Engel');
		for (const digest of drafts) {
			const confirmation = await onBoth(async (data) =>
				publishConfirmation(data, await loadActorOn(data, editor), { conferenceId, state: 'draft', id: digest.id })
			);
			expect(confirmation).toMatchObject({ digest: { id: digest.id, title: digest.title } });
		}
	});

	it("an invitation round's date, an access link's mail status, a person's year of allowances", async () => {
		const { invitationCampaigns, people } = sqlite.t;
		const rounds = await sqlite.q.select().from(invitationCampaigns);
		expect(rounds.length).toBeGreaterThan(0);
		for (const round of rounds) expect(await onBoth((data) => invitationDateOn(data, round))).not.toBeNull();

		const everyone = await sqlite.q.select({ id: people.id }).from(people);
		const statuses = await Promise.all(everyone.map((p) => onBoth((data) => accessLinkMailStatusOn(data, conferenceId, p.id))));
		expect(statuses.filter((s) => s !== null).map((s) => s!.state)).toEqual(['queued']);

		const lena = await personNamed('Lena Maurer');
		const year = new Date().getFullYear();
		const standing = await onBoth((data) => myYearStanding(data, { id: conferenceId, name: 'Gesundheitskonferenz Landkreis Musterstadt' }, lena, year));
		expect(standing.limits.length).toBeGreaterThan(0);
	});
});
