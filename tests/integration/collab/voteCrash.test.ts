import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIn } from '../../../src/lib/server/commands/checkIn';
import { openPoll } from '../../../src/lib/server/commands/openPoll';
import { sqliteData, type Data } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import { startBuiltServer, type BuiltServer, type BuiltServerOptions } from '../support/builtServer';
import { sessionCookieOn } from '../support/collab';
import { copyToPostgres } from '../support/copyToPostgres';
import { DIALECTS, type TempData } from '../support/data';
import { planSitting } from '../support/meetings';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';

/**
 * Votes are committed in groups (one fsync for all that arrive together), yet a vote is answered
 * only once it is on disk. The production server is killed with SIGKILL in the middle of a burst
 * of votes: after a restart, every vote that was answered as counted is there, none twice, and
 * every member who sends again is told either that the vote is counted or that it was already.
 * On PostgreSQL the database outlives the server: what was not committed when it died is gone.
 */
const MEMBERS = 300;
const CHOICES = ['yes', 'no', 'abstain'] as const;
const alreadyVoted = JSON.parse(readFileSync('messages/de.json', 'utf8')).error_already_voted as string;

type Answer = { member: number; choice: string; status: number | string; body: string };

describe.each(DIALECTS)('a burst of votes and a crash on %s', (dialect) => {
	const storage = tempDatabase();
	let postgres: TempData | undefined;
	let server: BuiltServer | undefined;
	afterAll(async () => {
		await server?.stop();
		await postgres?.cleanup();
		storage.cleanup();
	});

	/** The production server on the test's database: the SQLite file, or the PostgreSQL copy. */
	const serve = async (port?: number) => {
		const options: BuiltServerOptions = { port, env: { SEED_DEMO: 'false' } };
		return startBuiltServer({ ...options, ...(postgres ? { postgresUrl: postgres.url } : { databaseFile: storage.file }) });
	};

	it('kill -9 in the middle of a burst: every vote answered as counted is counted, none twice', async () => {
		const fixture = await buildFixture(storage.db);
		if (dialect === 'postgres') postgres = await copyToPostgres(storage.db);
		const data: Data = postgres?.data ?? sqliteData(storage.db.$client);
		const { people, conferenceMemberships } = data.t;
		const conferenceId = fixture.conferenceA.id;
		const {
			session,
			itemIds: [itemId]
		} = await planSitting(data, fixture, { conferenceId, agenda: [{ title: 'Haushalt 2027' }] });
		// The members in one statement each (a round trip per row made the setup most of the test on
		// PostgreSQL); each checks in as a member does, a few at a time.
		const names = Array.from({ length: MEMBERS }, (_, i) => `Mitglied ${i}`);
		const inserted = await data.q
			.insert(people)
			.values(names.map((displayName) => ({ displayName })))
			.returning();
		const idOf = new Map(inserted.map((person) => [person.displayName, person.id]));
		const personIds = names.map((name) => idOf.get(name)!);
		await data.q
			.insert(conferenceMemberships)
			.values(personIds.map((personId) => ({ conferenceId, personId, role: 'member' as const, memberStatus: 'voting' as const })));
		const members: { personId: string; cookie: string; choice: (typeof CHOICES)[number] }[] = [];
		for (let start = 0; start < MEMBERS; start += 8) {
			const batch = personIds.slice(start, start + 8);
			const cookies = await Promise.all(
				batch.map(async (personId) => {
					await checkIn(data, await loadActorOn(data, personId), { code: session.checkInCode, method: 'code' });
					return sessionCookieOn(data, personId);
				})
			);
			batch.forEach((personId, j) => members.push({ personId, cookie: cookies[j], choice: CHOICES[(start + j) % 3] }));
		}
		const poll = await openPoll(data, await loadActorOn(data, fixture.ids.moderator), {
			conferenceId,
			sessionId: session.id,
			agendaItemId: itemId,
			motion: null,
			kind: 'vote',
			secrecy: 'named',
			confirmNotQuorate: true
		});

		server = await serve();
		const port = server.port;
		const vote = async (origin: string, member: number, choice: string): Promise<Answer> => {
			try {
				const response = await fetch(`${origin}/conferences/${conferenceId}/plenary/${session.id}?/vote`, {
					method: 'POST',
					redirect: 'manual',
					headers: { origin, cookie: members[member].cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
					body: new URLSearchParams({ pollId: poll.id, choice }).toString()
				});
				return { member, choice, status: response.status, body: await response.text() };
			} catch (error) {
				// The server died with the request open: no answer.
				return { member, choice, status: String((error as { cause?: { code?: string } }).cause?.code ?? error), body: '' };
			}
		};

		// Members press within the same moments, every fourth twice with another choice (a
		// double click, a second device); the server is killed once some votes were answered.
		const origin = server.origin;
		const answers: Promise<Answer>[] = [];
		let counted = 0;
		const sending = (async () => {
			for (let i = 0; i < MEMBERS && server!.child.exitCode === null && server!.child.signalCode === null; i++) {
				answers.push(vote(origin, i, members[i].choice).then((a) => (a.status === 303 && counted++, a)));
				if (i % 4 === 0) answers.push(vote(origin, i, CHOICES[(i + 1) % 3]).then((a) => (a.status === 303 && counted++, a)));
				if (i % 10 === 9) await new Promise((r) => setTimeout(r, 2));
			}
		})();
		const start = Date.now();
		while (counted < 30 && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 1));
		await server.kill();
		// Nothing left to stop: it removes what the killed server kept on disk beside it.
		await server.stop();
		await sending;
		const before = await Promise.all(answers);

		const accepted = before.filter((a) => a.status === 303);
		const unanswered = before.filter((a) => typeof a.status !== 'number');
		expect(accepted.length).toBeGreaterThanOrEqual(30);
		// The kill came in the middle: some votes never got an answer.
		expect(unanswered.length + (MEMBERS - new Set(before.map((a) => a.member)).size)).toBeGreaterThan(0);
		// Nothing but counted, refused as a second vote, or cut off.
		expect(before.filter((a) => a.status !== 303 && !(a.status === 400 && a.body.includes(alreadyVoted)) && typeof a.status === 'number')).toEqual([]);

		server = await serve(port);
		const ballots = async () =>
			new Map(
				(await data.rows<{ voter: string; choice: string }>(sql`SELECT voter_person_id AS voter, choice FROM poll_ballots WHERE poll_id = ${poll.id}`)).map(
					(b) => [b.voter, b.choice]
				)
			);
		// PostgreSQL answers a count and a sum as text (bigint, numeric).
		const number = async (query: ReturnType<typeof sql>) => Number(Object.values((await data.rows<Record<string, unknown>>(query))[0])[0]);
		const tallied = () => number(sql`SELECT coalesce(sum(count), 0) AS n FROM poll_tallies WHERE poll_id = ${poll.id}`);
		const afterCrash = await ballots();
		// Every vote answered as counted is there, with the choice that was answered.
		expect(accepted.filter((a) => afterCrash.get(members[a.member].personId) !== a.choice)).toEqual([]);
		// Counted once: one ballot per member at most, and the tallies add up to the ballots.
		expect(await number(sql`SELECT count(*) AS n FROM poll_ballots WHERE poll_id = ${poll.id}`)).toBe(afterCrash.size);
		expect(await tallied()).toBe(afterCrash.size);

		// Everyone sends again: a member already counted is told so, anyone else is counted now.
		const again = await Promise.all(members.map((m, i) => vote(server!.origin, i, m.choice)));
		const countedBefore = new Set(accepted.map((a) => a.member));
		for (const a of again) {
			if (afterCrash.has(members[a.member].personId)) expect([a.member, a.status, a.body.includes(alreadyVoted)]).toEqual([a.member, 400, true]);
			else expect([a.member, a.status, countedBefore.has(a.member)]).toEqual([a.member, 303, false]);
		}
		const final = await ballots();
		expect(final.size).toBe(MEMBERS);
		expect(await tallied()).toBe(MEMBERS);
	}, 120_000);
});
