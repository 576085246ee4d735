import type { Db } from '../db';

/**
 * The demo's story has the office's mails of the last weeks already sent: the invitation round's
 * letters, the mail to the one who moved up from the waiting list, the reminder that a term ends.
 * Nothing of them waits when the demo starts, so a fresh demo sends nothing on its own (and its
 * first minute is not spent on mails to addresses that do not exist).
 */
export function markDemoMailsSent(db: Db, at: Date): void {
	const client = db.$client;
	client
		.prepare(`UPDATE invitations SET mailed_at = ? WHERE mailed_at IS NULL AND person_id IN (SELECT id FROM people WHERE email IS NOT NULL)`)
		.run(at.getTime());
	client
		.prepare(`UPDATE member_seats SET term_reminded_at = ? WHERE term_reminded_at IS NULL AND appointed_until IS NOT NULL AND appointed_until < ?`)
		.run(at.getTime(), at.getTime() + 60 * 86_400_000);
	client
		.prepare(
			`UPDATE jobs SET state = 'done', finished_at = ? WHERE state = 'queued' AND kind IN ('mail.invitation', 'mail.invitationMovedUp', 'members.termReminder') AND run_at <= ?`
		)
		.run(at.getTime(), at.getTime());
}
