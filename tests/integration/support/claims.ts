import { draftClaimOn } from '../../../src/lib/server/allowances/draftClaim';
import { first, type Data } from '../../../src/lib/server/db/client';
import { transactOn } from '../../../src/lib/server/effects';

/**
 * A plenary sitting written straight into the table (its commands are not under test) and the
 * drafted claim of `personId` for it, as the drafting job would leave it: its flat-rate line.
 */
export async function sittingWithClaim(
	data: Data,
	input: { conferenceId: string; personId: string; startsAt: Date; title: string; checkInCode: string; now?: Date }
): Promise<{ sessionId: string; claimId: string }> {
	const { conferenceId, personId, startsAt, title, checkInCode } = input;
	const session = first(await data.q.insert(data.t.plenarySessions).values({ conferenceId, title, startsAt, place: 'Rathaus', checkInCode }).returning())!;
	const drafted = await transactOn(data, async (tx) =>
		draftClaimOn(data, tx, { personId, meeting: { sessionId: session.id }, now: input.now ?? new Date(), actorPersonId: null })
	);
	return { sessionId: session.id, claimId: drafted!.claimId };
}
