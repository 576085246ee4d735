import { and, inArray, isNotNull, isNull, lt, lte, eq } from 'drizzle-orm';
import type { Data } from '../db/client';

/**
 * The demo's story has the office's mails of the last weeks already sent: the invitation round's
 * letters, the mail to the one who moved up from the waiting list, the reminder that a term ends.
 * Nothing of them waits when the demo starts, so a fresh demo sends nothing on its own (and its
 * first minute is not spent on mails to addresses that do not exist).
 */
export async function markDemoMailsSent(data: Data, at: Date): Promise<void> {
	const { invitations, jobs, memberSeats, people } = data.t;
	await data.q
		.update(invitations)
		.set({ mailedAt: at })
		.where(and(isNull(invitations.mailedAt), inArray(invitations.personId, data.q.select({ id: people.id }).from(people).where(isNotNull(people.email)))));
	await data.q
		.update(memberSeats)
		.set({ termRemindedAt: at })
		.where(
			and(isNull(memberSeats.termRemindedAt), isNotNull(memberSeats.appointedUntil), lt(memberSeats.appointedUntil, new Date(at.getTime() + 60 * 86_400_000)))
		);
	await data.q
		.update(jobs)
		.set({ state: 'done', finishedAt: at })
		.where(and(eq(jobs.state, 'queued'), inArray(jobs.kind, ['mail.invitation', 'mail.invitationMovedUp', 'members.termReminder']), lte(jobs.runAt, at)));
}
