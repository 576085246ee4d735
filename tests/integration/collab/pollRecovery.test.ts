import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { readPoll } from '../../../src/lib/plenary/poll';
import { readDocumentOn } from '../../../src/lib/server/collab/readDocument';
import { sqliteData } from '../../../src/lib/server/db/client';
import { ballotCountOn } from '../../../src/lib/server/polls/publicPoll';
import { copyToPostgres } from '../support/copyToPostgres';
import { DIALECTS, type TempData } from '../support/data';
import { tempDatabase } from '../support/db';
import { buildFixture } from '../support/fixture';
import { sessionWithOpenPoll } from '../support/polls';
import { startBuiltServer, type BuiltServer } from '../support/builtServer';
import { connect, sessionCookieOn } from '../support/collab';

/**
 * Issue 13, item 8: after a kill -9 during a secret vote, screens showed 179 ballots while SQLite
 * held 200, until the poll closed. Ballots are committed before their count is projected into
 * the session's document (coalesced for 100 ms), so a crash in between loses the projection. The
 * database is left here exactly as such a crash leaves it (ballots committed, their projection
 * never written), then the production server starts on it: the SQLite file, or a PostgreSQL
 * database holding a copy of the fixture.
 */
describe.each(DIALECTS)('polls after a crash on %s', (dialect) => {
	const storage = tempDatabase();
	let postgres: TempData | undefined;
	let server: BuiltServer | undefined;
	afterAll(async () => {
		await server?.stop();
		await postgres?.cleanup();
		storage.cleanup();
	});

	it('the server shows, from its start, the count and status the database holds', async () => {
		const fixture = await buildFixture(storage.db);
		const voting = await sessionWithOpenPoll(storage.db, fixture, 'Plenum mit Abstimmung');
		const cancelled = await sessionWithOpenPoll(storage.db, fixture, 'Plenum mit zurückgezogener Abstimmung');
		if (dialect === 'postgres') postgres = await copyToPostgres(storage.db);
		const data = postgres?.data ?? sqliteData(storage.db.$client);
		const { pollBallots, pollTallies, polls } = data.t;

		// Committed as castVote commits them (a ballot row and the tally, in one transaction), and
		// then the process died before the 100 ms were up: nothing reached the document.
		const seats = ['votingMember', 'moderator', 'groupCoordinator', 'minuteTaker'] as const;
		for (const who of seats) {
			await data.transaction(async (tx) => {
				await tx.insert(pollBallots).values({
					pollId: voting.pollId,
					seatPersonId: fixture.ids[who],
					voterPersonId: fixture.ids[who],
					choice: null,
					statement: null,
					castAt: new Date()
				});
				await tx
					.update(pollTallies)
					.set({ count: sql`${pollTallies.count} + 1` })
					.where(and(eq(pollTallies.pollId, voting.pollId), eq(pollTallies.choice, 'yes')));
			});
		}
		// And a cancel committed, but not projected.
		await data.q
			.update(polls)
			.set({ status: 'cancelled', closedAt: new Date(), closedByPersonId: fixture.ids.moderator })
			.where(eq(polls.id, cancelled.pollId));
		// What the screens would be shown: the stale projection.
		expect(await readDocumentOn(data, plenaryDoc(voting.sessionId), (doc) => readPoll(doc)?.cast)).toBe(0);
		expect(await readDocumentOn(data, plenaryDoc(cancelled.sessionId), (doc) => readPoll(doc)?.status)).toBe('open');

		server = await startBuiltServer({ ...(postgres ? { postgresUrl: postgres.url } : { databaseFile: storage.file }), env: { SEED_DEMO: 'false' } });
		const cookie = await sessionCookieOn(data, fixture.ids.votingMember);
		const url = `ws://127.0.0.1:${server.port}/collab`;
		for (const [{ sessionId, pollId }, expected] of [
			[voting, { cast: seats.length, status: 'open' }],
			[cancelled, { cast: 0, status: 'cancelled' }]
		] as const) {
			const screen = connect(url, plenaryDoc(sessionId), cookie);
			await screen.synced();
			const poll = readPoll(screen.doc);
			screen.close();
			expect(poll?.id).toBe(pollId);
			expect({ cast: poll?.cast, status: poll?.status }).toEqual(expected);
			expect(poll?.cast).toBe(await ballotCountOn(data, pollId));
		}
	}, 60_000);
});
