import { addressKey } from './clientAddress';
import { attempt, type Attempt, type Gate } from './limiter';

/**
 * A post of the public feedback form: counted per address, and against the cap for everyone
 * when it will be stored. A post a robot filled the honeypot of is not stored, so a naive
 * robot cannot use up everyone's allowance.
 */
export function feedbackAttempt(clientAddress: string, post: { stored: boolean }): Promise<Attempt> {
	const gates: Gate[] = [['feedback.address', addressKey(clientAddress)]];
	if (post.stored) gates.push(['feedback.global', 'everyone']);
	return attempt(gates);
}
