import { synchronousDbOf } from '../db';
import type { Data } from '../db/client';
import type { DataEffects } from '../effects';
import { accessLinkMailKey } from './kinds/mailAccessLink';
import { seal } from './sealed';

/**
 * Asks for the mail with a freshly issued link, in the transaction (of `effects`) that issued it:
 * a rolled-back invitation sends nothing. The token is sealed for this job (see sealed.ts): on
 * SQLite with the connection's key (JOBS_SECRET, else the key file next to the database), on
 * PostgreSQL with JOBS_SECRET, which instances share (there is no database file); without it the
 * mail is refused by name. Apart from the kind's file, so the registry and enqueue do not import
 * each other.
 */
export async function enqueueAccessLinkMailOn(
	data: Data,
	effects: Pick<DataEffects, 'job'>,
	input: { accessLinkId: string; conferenceId: string; token: string; origin: string }
): Promise<void> {
	const key = accessLinkMailKey(input.accessLinkId);
	const keys = synchronousDbOf(data) ?? {
		get $client(): never {
			throw new Error('a link mailed on PostgreSQL is sealed with JOBS_SECRET: set it (there is no key file next to the database)');
		}
	};
	await effects.job(
		'mail.accessLink',
		{ accessLinkId: input.accessLinkId, origin: input.origin, sealedToken: seal(keys, input.token, key) },
		{ key, conferenceId: input.conferenceId }
	);
}
