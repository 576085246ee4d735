import { recordAuditIn } from '../audit/record';
import { hashPassword } from '../auth/passwords';
import { changedRows, type Data } from '../db/client';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';

/**
 * Gives a person a password sign-in (office staff, moderators, admins). Platform-level:
 * only a platform admin, or the installation itself, creates accounts.
 *
 * The address and the person are keys of `accounts`: on PostgreSQL a second creation at the same
 * time waits for the first one's commit, then inserts nothing and is refused as `email_taken`.
 */
export async function createStaffAccount(data: Data, actor: Actor, input: { personId: string; email: string; password: string; isPlatformAdmin: boolean }) {
	authorize(actor, 'account.create', null);
	const email = input.email.trim().toLowerCase();
	const passwordHash = await hashPassword(input.password);
	const { accounts } = data.t;
	await transactOn(data, async (tx) => {
		const inserted = await tx
			.insert(accounts)
			.values({ personId: input.personId, email, passwordHash, isPlatformAdmin: input.isPlatformAdmin })
			.onConflictDoNothing();
		if (changedRows(inserted) === 0) throw new CommandError('email_taken', 'email');
		await recordAuditIn(data, tx, actor, {
			action: 'account.create',
			conferenceId: null,
			subjectType: 'person',
			subjectId: input.personId,
			after: { email, isPlatformAdmin: input.isPlatformAdmin }
		});
	});
}
