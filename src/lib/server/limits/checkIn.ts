import type { Data } from '../db/client';
import type { Actor } from '../policies';
import { checkIn } from '../commands/checkIn';
import { CommandError } from '../commands/support/errors';
import { addressKey } from './clientAddress';
import { attempt, enforce, type Attempt } from './limiter';

/** What of a request a check-in attempt needs (a SvelteKit RequestEvent has it). */
interface CheckInEvent {
	request: Request;
	getClientAddress(): string;
	locals: { actor: Actor };
	/** Where the mails that follow link to (the allowance claims drafted after the sitting). */
	url?: URL;
}

// A form post on /check-in/<code> runs the action and then the page's load: one request is
// one attempt, however many of them ask.
const attempts = new WeakMap<Request, Promise<Attempt>>();

/**
 * A check-in attempt by a signed-in person, counted per person and per address before the
 * code is looked at. Only codes that find nothing keep their count: whoever finds a session
 * calls `succeeded()`, so a member who mistyped once still gets in with the right code.
 */
export function checkInAttempt(event: CheckInEvent, personId: string): Promise<Attempt> {
	let counted = attempts.get(event.request);
	if (!counted) {
		counted = attempt([
			['checkIn.person', personId],
			['checkIn.address', addressKey(event.getClientAddress())]
		]);
		attempts.set(event.request, counted);
	}
	return counted;
}

/**
 * `checkIn` under the check-in limits: refused while paused (`LimitReached`); an unknown code
 * counts. The one way a route checks someone in: every page that takes a code calls this, never
 * the command (tests/integration/limits.test.ts finds every route that does and pauses each).
 */
export async function checkInUnderLimits(data: Data, event: CheckInEvent, personId: string, input: Parameters<typeof checkIn>[2]) {
	const counted = await checkInAttempt(event, personId);
	enforce(counted);
	try {
		const result = await checkIn(data, event.locals.actor, { origin: event.url?.origin, ...input });
		await counted.succeeded();
		return result;
	} catch (error) {
		if (!(error instanceof CommandError && error.code === 'check_in_code_unknown')) await counted.succeeded();
		throw error;
	}
}
