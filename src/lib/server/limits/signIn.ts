import { addressKey } from './clientAddress';
import { attempt, count, forget, isOver, type Attempt, type Gate } from './limiter';

export interface SignInAttempt extends Attempt {
	/** The password was wrong: the failure also counts towards the account's back-off. */
	failed(): Promise<void>;
	/** The browser's device cookie failed too often: it is trusted no more, and the caller forgets it. */
	readonly deviceWithdrawn: boolean;
}

/**
 * A password sign-in under the lockout an attacker cannot aim (OWASP, Authentication and
 * Credential Stuffing cheat sheets, and "Slow Down Online Guessing Attacks with Device Cookies"):
 *
 * - A browser the owner signed in with before (`knownDeviceOn`, the id its device cookie names for
 *   this account) has an allowance of its own and nothing else: whatever others do to the account
 *   or at its address, the owner's own browser is not slowed. Its failures count against it alone;
 *   once over, the browser is trusted no more and tries as an unknown one from then on, so a
 *   stolen cookie buys a few guesses, not a way around the limits.
 * - An unknown browser: five failures pause the pair of account and address, not the account; an
 *   account failing from many addresses slows every address to one try per quarter hour (the
 *   owner's own address always keeps a try); one address trying many accounts meets a generous cap.
 *
 * Sign-in by access link is not a password and is not limited here.
 */
export async function signInAttempt(email: string, clientAddress: string, knownDevice: string | null): Promise<SignInAttempt> {
	if (knownDevice) {
		const counted = await attempt([['signIn.device', knownDevice]]);
		if (!counted.refusal) {
			return {
				...counted,
				deviceWithdrawn: false,
				succeeded: async () => {
					await counted.succeeded();
					// The owner's own earlier typos in this browser are forgiven.
					await forget('signIn.device', knownDevice);
				},
				failed: async () => {}
			};
		}
		return { ...(await unknownBrowserAttempt(email, clientAddress)), deviceWithdrawn: true };
	}
	return { ...(await unknownBrowserAttempt(email, clientAddress)), deviceWithdrawn: false };
}

async function unknownBrowserAttempt(email: string, clientAddress: string): Promise<Omit<SignInAttempt, 'deviceWithdrawn'>> {
	const account = email.trim().toLowerCase();
	const where = addressKey(clientAddress);
	// An e-mail may contain "|", an address key cannot: the pair stays unambiguous.
	const pair = `${account}|${where}`;
	const underAttack = await isOver('signIn.account', account);
	const gates: Gate[] = [
		['signIn.address', where],
		['signIn.pair', pair]
	];
	if (underAttack) gates.push(['signIn.pairUnderAttack', pair]);
	const counted = await attempt(gates);
	return {
		...counted,
		succeeded: async () => {
			await counted.succeeded();
			// The owner's own earlier typos at this address are forgiven; nothing else is.
			await forget('signIn.pair', pair);
		},
		failed: () => count('signIn.account', account)
	};
}
