import type { DataEffects } from '../effects/transactOn';
import { minutesMailKey, type MinutesMailPayload } from './kinds/mailMinutesCirculated';

/**
 * Asks for one mail per person concerned, in the transaction that circulates the minutes: a
 * refused or rolled-back step sends nothing. One job per recipient, keyed by the minutes, the
 * version taken when they were circulated and the person, so a repeated enqueue is a no-op and
 * circulating again after a return to draft (a new version) mails again. Resolves with how many
 * were queued.
 */
export async function enqueueMinutesMailsIn(
	effects: Pick<DataEffects, 'job'>,
	input: Omit<MinutesMailPayload, 'personId' | 'origin'> & { origin?: string; conferenceId: string; recipients: readonly string[] }
): Promise<number> {
	// A command called without a request (a script, a test) links to the configured origin.
	const origin = input.origin ?? process.env.ORIGIN ?? 'http://localhost:3000';
	let queued = 0;
	for (const personId of input.recipients) {
		const payload: MinutesMailPayload = { minutes: input.minutes, id: input.id, version: input.version, personId, origin };
		if (await effects.job('mail.minutesCirculated', payload, { key: minutesMailKey(payload), conferenceId: input.conferenceId })) queued++;
	}
	return queued;
}
