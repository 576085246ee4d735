import type { Data } from '../db/client';
import type { Actor } from '../policies';
import { submitAccessibilityFeedback, type FeedbackInput, type FeedbackReceipt } from '../commands/submitAccessibilityFeedback';
import { addressKey } from './clientAddress';
import { attempt, enforce, type Gate } from './limiter';

/** What of a request a feedback post needs (a SvelteKit RequestEvent has it). */
interface FeedbackEvent {
	getClientAddress(): string;
	locals: { actor: Actor };
}

/** The key of the inbox that feedback about no conference goes to; conference ids never look like it. */
const PLATFORM = 'platform';

/**
 * The public feedback form under its limits, refused while paused (`LimitReached`). Every post
 * counts for its address. Only feedback that is stored counts against the allowance of the
 * inbox it goes to (its conference's, or the platform's), so posts that store nothing cannot
 * close the form for anyone: the honeypot's robots, and feedback about a conference that does
 * not exist, which is refused and given back. (A made-up conference id stays a key in the store
 * until its window ends, with nothing counted; the address's own limit bounds how many.)
 */
export async function submitFeedbackUnderLimits(data: Data, event: FeedbackEvent, input: FeedbackInput): Promise<FeedbackReceipt> {
	const gates: Gate[] = [['feedback.address', addressKey(event.getClientAddress())]];
	if (!input.trap) gates.push(['feedback.target', input.conferenceId ?? PLATFORM]);
	// Counted before it is stored, so a burst of parallel posts cannot all pass the allowance.
	const counted = await attempt(gates);
	enforce(counted);
	try {
		return await submitAccessibilityFeedback(data, event.locals.actor, input);
	} catch (error) {
		await counted.release('feedback.target');
		throw error;
	}
}
