import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts } from '../db/schema';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSession, generateSessionToken, type Session } from '../auth/sessions';
import { accountThrottle, addressThrottle } from '../auth/throttle';

export type PasswordSignIn =
	| { ok: true; token: string; session: Session }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAt: Date };

/**
 * Staff sign-in. Throttled per account and per client address; a wrong e-mail and a wrong
 * password look the same from outside and take the same time.
 */
export async function signInWithPassword(
	db: Db,
	input: { email: string; password: string; clientAddress: string }
): Promise<PasswordSignIn> {
	const email = input.email.trim().toLowerCase();
	const accountKey = `account:${email}`;
	const addressKey = `address:${input.clientAddress}`;
	const blocked = [accountThrottle.blockedUntil(accountKey), addressThrottle.blockedUntil(addressKey)]
		.filter((d): d is Date => d !== null)
		.sort((a, b) => b.getTime() - a.getTime())[0];
	if (blocked) return { ok: false, reason: 'throttled', retryAt: blocked };

	// Counted as a failure before the (slow) hash check, so a burst of parallel attempts cannot
	// all slip past the check above; a success takes its own count back.
	accountThrottle.recordFailure(accountKey);
	addressThrottle.recordFailure(addressKey);

	const account = db.select().from(accounts).where(eq(accounts.email, email)).get();
	const valid = account
		? await verifyPassword(account.passwordHash, input.password)
		: (await verifyPassword(await dummyPasswordHash(), input.password), false);
	if (!account || !valid) return { ok: false, reason: 'invalid' };
	accountThrottle.reset(accountKey);
	addressThrottle.forgiveLast(addressKey);
	const token = generateSessionToken();
	const session = createSession(db, token, account.personId);
	return { ok: true, token, session };
}
