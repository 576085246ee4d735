import type { Db } from '../db';
import { accounts } from '../db/schema';
import { recordAudit } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

/**
 * Gives a person a password sign-in (office staff, moderators, admins). Platform-level:
 * only a platform admin, or the installation itself, creates accounts.
 */
export async function createStaffAccount(db: Db, actor: Actor, input: { personId: string; email: string; password: string; isPlatformAdmin: boolean }) {
	authorize(actor, 'account.create', null);
	const email = input.email.trim().toLowerCase();
	const passwordHash = await hashPassword(input.password);
	db.transaction((tx) => {
		const inserted = tx
			.insert(accounts)
			.values({ personId: input.personId, email, passwordHash, isPlatformAdmin: input.isPlatformAdmin })
			.onConflictDoNothing()
			.run();
		if (inserted.changes === 0) throw new CommandError('email_taken', 'email');
		recordAudit(tx, actor, {
			action: 'account.create',
			conferenceId: null,
			subjectType: 'person',
			subjectId: input.personId,
			after: { email, isPlatformAdmin: input.isPlatformAdmin }
		});
	});
}
