import { eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { forgetDeviceOn, knownDeviceOn, rememberDeviceOn, type RememberedDevice } from '../auth/devices';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSessionOn, generateSessionToken, type Session } from '../auth/sessions';
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
	data: Data,
	input: { email: string; password: string; clientAddress: string; deviceToken?: string | null }
): Promise<PasswordSignIn> {
	const email = input.email.trim().toLowerCase();
	const device = input.deviceToken ? await knownDeviceOn(data, input.deviceToken, email) : null;
	// Counted before the (slow) hash check, so a burst of parallel attempts cannot all slip
	// past the limits; a success takes its count back.
	const attempt = await signInAttempt(email, input.clientAddress, device);
	const withdrawn: Withdrawn = {};
	if (device && attempt.deviceWithdrawn) {
		await forgetDeviceOn(data, device);
		withdrawn.deviceWithdrawn = true;
	}
	if (attempt.refusal) return { ok: false, reason: 'throttled', ...attempt.refusal, ...withdrawn };

	const { accounts } = data.t;
	const account = first(await data.q.select().from(accounts).where(eq(accounts.email, email)));
	const valid = account ? await verifyPassword(account.passwordHash, input.password) : (await verifyPassword(await dummyPasswordHash(), input.password), false);
	if (!account || !valid) {
		await attempt.failed();
		return { ok: false, reason: 'invalid', ...withdrawn };
	}
	await attempt.succeeded();
	const token = generateSessionToken();
	const session = await createSessionOn(data, token, account.personId);
	return { ok: true, token, session, device: await rememberDeviceOn(data, account.personId, input.deviceToken ?? null) };
}
