import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts } from '../db/schema';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSession, generateSessionToken, type Session } from '../auth/sessions';
import type { Refusal } from '../limits/limiter';
import { signInAttempt } from '../limits/signIn';

export type PasswordSignIn =
	| { ok: true; token: string; session: Session }
	| { ok: false; reason: 'invalid' }
	| ({ ok: false; reason: 'throttled' } & Refusal);

/**
 * Staff sign-in, under the sign-in limits (src/lib/server/limits/signIn.ts). A wrong e-mail and
 * a wrong password look the same from outside and take the same time.
 */
export async function signInWithPassword(
	db: Db,
	input: { email: string; password: string; clientAddress: string }
): Promise<PasswordSignIn> {
	const email = input.email.trim().toLowerCase();
	// Counted before the (slow) hash check, so a burst of parallel attempts cannot all slip
	// past the limits; a success takes its count back.
	const attempt = await signInAttempt(email, input.clientAddress);
	if (attempt.refusal) return { ok: false, reason: 'throttled', ...attempt.refusal };

	const account = db.select().from(accounts).where(eq(accounts.email, email)).get();
	const valid = account
		? await verifyPassword(account.passwordHash, input.password)
		: (await verifyPassword(await dummyPasswordHash(), input.password), false);
	if (!account || !valid) {
		await attempt.failed();
		return { ok: false, reason: 'invalid' };
	}
	await attempt.succeeded();
	const token = generateSessionToken();
	const session = createSession(db, token, account.personId);
	return { ok: true, token, session };
}
