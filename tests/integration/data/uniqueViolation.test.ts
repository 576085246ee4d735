import { describe, expect, it } from 'vitest';
import { isUniqueViolation, violatesUniqueIndex } from '../../../src/lib/server/db/uniqueViolation';
import { DIALECTS, tempData } from '../support/data';

/**
 * Which unique index a write broke, on both databases: castVote answers a lost race for a seat
 * (`poll_ballots_one_per_seat`) differently from a second vote of the same person (`…_one_per_voter`).
 */
describe.each(DIALECTS)('unique violations on %s', (dialect) => {
	it('names the index that was broken, among the table’s several', async () => {
		const { data, cleanup } = await tempData(dialect);
		try {
			const { q, t } = data;
			await q.insert(t.people).values(['a', 'b', 'c'].map((id) => ({ id, displayName: id })));
			await q.insert(t.conferences).values({ id: 'north', name: 'Nord', region: 'Kreis Nord' });
			await q.insert(t.plenarySessions).values({ id: 's1', conferenceId: 'north', title: 'Plenum', startsAt: new Date(), place: 'Saal', checkInCode: 'ABCDEF' });
			await q.insert(t.polls).values({
				id: 'p1',
				sessionId: 's1',
				agendaItemId: 'item',
				itemTitle: 'Pflegeberatung',
				motion: 'Antrag',
				kind: 'vote',
				secrecy: 'named',
				status: 'open',
				majority: 'simple',
				quorumPercent: 50,
				openedAt: new Date()
			});
			const ballot = (id: string, seat: string, voter: string) =>
				q.insert(t.pollBallots).values({ id, pollId: 'p1', seatPersonId: seat, voterPersonId: voter, choice: 'yes', castAt: new Date() });
			await ballot('b1', 'a', 'b');
			const error = async (write: Promise<unknown>) => write.then(() => undefined, (e: unknown) => e);
			const seat = { name: 'poll_ballots_one_per_seat', columns: [t.pollBallots.pollId, t.pollBallots.seatPersonId] };
			const voter = { name: 'poll_ballots_one_per_voter', columns: [t.pollBallots.pollId, t.pollBallots.voterPersonId] };
			// The same seat, another voter (a deputy and their member): the seat's index.
			const sameSeat = await error(ballot('b2', 'a', 'c'));
			expect([isUniqueViolation(sameSeat), violatesUniqueIndex(sameSeat, seat), violatesUniqueIndex(sameSeat, voter)]).toEqual([true, true, false]);
			// The same voter for another seat: the voter's index.
			const sameVoter = await error(ballot('b3', 'c', 'b'));
			expect([violatesUniqueIndex(sameVoter, seat), violatesUniqueIndex(sameVoter, voter)]).toEqual([false, true]);
		} finally {
			await cleanup();
		}
	});
});
