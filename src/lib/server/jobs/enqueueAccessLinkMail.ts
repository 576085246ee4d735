import type { Db } from '../db';
import type { Effects } from '../effects';
import { accessLinkMailKey } from './kinds/mailAccessLink';
import { seal } from './sealed';

/**
 * Asks for the mail with a freshly issued link, in the transaction (of `db`) that issued it: a
 * rolled-back invitation sends nothing. The token is sealed for this job (see sealed.ts).
 * Apart from the kind's file, so the registry and enqueue do not import each other.
 */
export function enqueueAccessLinkMail(
	db: Db,
	effects: Pick<Effects, 'job'>,
	input: { accessLinkId: string; conferenceId: string; token: string; origin: string }
): void {
	const key = accessLinkMailKey(input.accessLinkId);
	effects.job(
		'mail.accessLink',
		{ accessLinkId: input.accessLinkId, origin: input.origin, sealedToken: seal(db, input.token, key) },
		{ key, conferenceId: input.conferenceId }
	);
}
