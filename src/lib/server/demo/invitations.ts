import { and, asc, eq, gt } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import type { Actor } from '../policies';
import { createInvitationRound } from '../commands/createInvitationRound';
import { saveInvitationSigner } from '../commands/saveInvitationSigner';
import { sendInvitations } from '../commands/sendInvitations';
import { DEFAULT_LETTER_EASY, DEFAULT_LETTER_STANDARD, DEFAULT_SUBJECT } from '../invitations/defaultLetters';

/**
 * The demo's invitations: Landrat Thomas Berger signs, and a round for the next plenary sitting
 * goes to all members, sent (the mails land in the demo's outbox once the job runner starts), with
 * about 20 seats and a week to answer. Part C adds answers, needs and the waiting list to it.
 */
export async function seedInvitations(
	data: Data,
	input: { conferenceId: string; office: Actor; people: Map<string, string>; origin: string; day: (offsetDays: number, hour: number, minute?: number) => Date }
): Promise<{ campaignId: string }> {
	const { conferenceId, office } = input;
	const { plenarySessions } = data.t;
	await saveInvitationSigner(data, office, conferenceId, { name: 'Thomas Berger', title: 'Landrat des Landkreises Musterstadt' });
	const next = first(
		await data.q
			.select({ id: plenarySessions.id, startsAt: plenarySessions.startsAt })
			.from(plenarySessions)
			.where(and(eq(plenarySessions.conferenceId, conferenceId), gt(plenarySessions.startsAt, input.day(14, 0))))
			.orderBy(asc(plenarySessions.startsAt), asc(plenarySessions.id))
			.limit(1)
	);
	// Today's sitting is under way in the demo: the round invites to the next one with time to answer.
	if (!next) throw new Error('the demo has no upcoming plenary sitting to invite to');
	const { campaignId } = await createInvitationRound(data, office, {
		conferenceId,
		target: 'plenary',
		dateId: next.id,
		recipients: { kind: 'all' },
		subject: DEFAULT_SUBJECT,
		letterStandard: DEFAULT_LETTER_STANDARD,
		letterEasy: DEFAULT_LETTER_EASY,
		capacity: 20,
		answerUntil: input.day(7, 23, 59),
		remindDaysBefore: 3,
		channel: 'mail'
	});
	await sendInvitations(data, office, { conferenceId, campaignId, origin: input.origin });
	return { campaignId };
}
