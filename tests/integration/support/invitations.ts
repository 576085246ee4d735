import { randomBytes } from 'node:crypto';
import { first, type Data } from '../../../src/lib/server/db/client';

type RoundInput = { conferenceId: string; personIds: readonly string[]; capacity: number | null; answerUntil: Date; startsAt?: Date; title?: string };

const sessionRow = (input: RoundInput) => ({
	conferenceId: input.conferenceId,
	title: input.title ?? 'Plenum im Mai',
	startsAt: input.startsAt ?? new Date(input.answerUntil.getTime() + 7 * 86_400_000),
	place: 'Kreishaus, Großer Saal',
	checkInCode: randomBytes(6).toString('hex')
});
const campaignRow = (input: RoundInput, sessionId: string) => ({
	conferenceId: input.conferenceId,
	target: 'plenary' as const,
	sessionId,
	subject: 'Einladung',
	letterStandard: 'Sehr geehrte Damen und Herren',
	capacity: input.capacity,
	answerUntil: input.answerUntil,
	sentAt: new Date()
});
const invitationRows = (input: RoundInput, campaignId: string) =>
	input.personIds.map((personId) => ({ campaignId, conferenceId: input.conferenceId, personId }));
function roundOf<S, C, I extends { personId: string }>(session: S, campaign: C, rows: I[]) {
	const byPerson = new Map(rows.map((row) => [row.personId, row]));
	return { session, campaign, invitations: rows, of: (personId: string) => byPerson.get(personId)! };
}

/**
 * A sent round of invitations to a plenary sitting, written straight into the tables (part B's
 * commands build the real ones): answers are tested on rows shaped as the contract says.
 */
export async function insertRoundOn(data: Data, input: RoundInput) {
	const { q, t } = data;
	const session = first(await q.insert(t.plenarySessions).values(sessionRow(input)).returning())!;
	const campaign = first(await q.insert(t.invitationCampaigns).values(campaignRow(input, session.id)).returning())!;
	const rows = input.personIds.length ? await q.insert(t.invitations).values(invitationRows(input, campaign.id)).returning() : [];
	return roundOf(session, campaign, rows);
}
