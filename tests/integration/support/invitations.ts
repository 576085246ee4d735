import { randomBytes } from 'node:crypto';
import type { Db } from '../../../src/lib/server/db';
import { invitationCampaigns, invitations, plenarySessions } from '../../../src/lib/server/db/schema';

/**
 * A sent round of invitations to a plenary sitting, written straight into the tables (part B's
 * commands build the real ones): answers are tested on rows shaped as the contract says.
 */
export function insertRound(
	db: Db,
	input: { conferenceId: string; personIds: readonly string[]; capacity: number | null; answerUntil: Date; startsAt?: Date; title?: string }
) {
	const session = db
		.insert(plenarySessions)
		.values({
			conferenceId: input.conferenceId,
			title: input.title ?? 'Plenum im Mai',
			startsAt: input.startsAt ?? new Date(input.answerUntil.getTime() + 7 * 86_400_000),
			place: 'Kreishaus, Großer Saal',
			checkInCode: randomBytes(6).toString('hex')
		})
		.returning()
		.get();
	const campaign = db
		.insert(invitationCampaigns)
		.values({
			conferenceId: input.conferenceId,
			target: 'plenary',
			sessionId: session.id,
			subject: 'Einladung',
			letterStandard: 'Sehr geehrte Damen und Herren',
			capacity: input.capacity,
			answerUntil: input.answerUntil,
			sentAt: new Date()
		})
		.returning()
		.get();
	const rows = input.personIds.length
		? db
				.insert(invitations)
				.values(input.personIds.map((personId) => ({ campaignId: campaign.id, conferenceId: input.conferenceId, personId })))
				.returning()
				.all()
		: [];
	const byPerson = new Map(rows.map((row) => [row.personId, row]));
	return { session, campaign, invitations: rows, of: (personId: string) => byPerson.get(personId)! };
}
