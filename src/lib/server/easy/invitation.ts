import type { Data } from '../db/client';
import { easyVersionOf } from './versions';

/**
 * The conference's invitation in Leichte Sprache, once the Prüfgruppe checked it. A mail cannot
 * carry a "not checked yet" note the way a page does, so a draft is not sent: until it is
 * checked, people get the standard invitation.
 */
export async function checkedEasyInvitationOn(data: Data, conferenceId: string): Promise<string | null> {
	const version = await easyVersionOf(data, 'invitation', conferenceId);
	return version.status === 'checked' ? version.body : null;
}
