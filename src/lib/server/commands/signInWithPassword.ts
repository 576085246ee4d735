import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts } from '../db/schema';
import { forgetDevice, knownDevice, rememberDevice, type RememberedDevice } from '../auth/devices';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSession, generateSessionToken, type Session } from '../auth/sessions';
import type { Refusal } from '../limits/limiter';
import { signInAttempt } from '../limits/signIn';

/** Set on a failure when the browser's device cookie failed too often: it is to be deleted. */
type Withdrawn = { deviceWithdrawn?: true };

export type PasswordSignIn =
	| { ok: true; token: string; session: Session; device: RememberedDevice }
	| ({ ok: false; reason: 'invalid' } & Withdrawn)
	| ({ ok: false; reason: 'throttled' } & Refusal & Withdrawn);

/**
 * Staff sign-in, under the sign-in limits (src/lib/server/limits/signIn.ts). A wrong e-mail and
 * a wrong password look the same from outside and take the same time. `deviceToken` is the
 * browser's device cookie: a browser the owner signed in with before keeps its own allowance
 * whatever others try; every successful sign-in gives the browser a new one.
 */
export async function signInWithPassword(
	db: Db,
	input: { email: string; password: string; clientAddress: string; deviceToken?: string | null }
): Promise<PasswordSignIn> {
	const email = input.email.trim().toLowerCase();
	const device = input.deviceToken ? knownDevice(db, input.deviceToken, email) : null;
	// Counted before the (slow) hash check, so a burst of parallel attempts cannot all slip
	// past the limits; a success takes its count back.
	const attempt = await signInAttempt(email, input.clientAddress, device);
	const withdrawn: Withdrawn = {};
	if (device && attempt.deviceWithdrawn) {
		forgetDevice(db, device);
		withdrawn.deviceWithdrawn = true;
	}
	if (attempt.refusal) return { ok: false, reason: 'throttled', ...attempt.refusal, ...withdrawn };

	const account = db.select().from(accounts).where(eq(accounts.email, email)).get();
	const valid = account ? await verifyPassword(account.passwordHash, input.password) : (await verifyPassword(await dummyPasswordHash(), input.password), false);
	if (!account || !valid) {
		await attempt.failed();
		return { ok: false, reason: 'invalid', ...withdrawn };
	}
	await attempt.succeeded();
	const token = generateSessionToken();
	const session = createSession(db, token, account.personId);
	return { ok: true, token, session, device: rememberDevice(db, account.personId, input.deviceToken ?? null) };
}
