import { addressKey } from './clientAddress';
import { attempt, count, forget, isOver, type Attempt, type Gate } from './limiter';

export interface SignInAttempt extends Attempt {
	/** The password was wrong: the failure also counts towards the account's back-off. */
	failed(): Promise<void>;
}

/**
 * A password sign-in under the lockout an attacker cannot aim (OWASP, Authentication and
 * Credential Stuffing cheat sheets): five failures pause the pair of account and address, not
 * the account; an account failing from many addresses slows every address to one try per
 * quarter hour, so its owner's own address always keeps a try; and one address trying many
 * accounts meets a generous cap. Sign-in by access link is not a password and is not limited here.
 */
export async function signInAttempt(email: string, clientAddress: string): Promise<SignInAttempt> {
	const account = email.trim().toLowerCase();
	const where = addressKey(clientAddress);
	// An e-mail may contain "|", an address key cannot: the pair stays unambiguous.
	const pair = `${account}|${where}`;
	const underAttack = await isOver('signIn.account', account);
	const gates: Gate[] = [['signIn.address', where], ['signIn.pair', pair]];
	if (underAttack) gates.push(['signIn.pairUnderAttack', pair]);
	const counted = await attempt(gates);
	return {
		refusal: counted.refusal,
		succeeded: async () => {
			await counted.succeeded();
			// The owner's own earlier typos at this address are forgiven; nothing else is.
			await forget('signIn.pair', pair);
		},
		failed: () => count('signIn.account', account)
	};
}
