import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import type { Data } from '../db/client';
import { easyTexts } from '../db/schema';
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

/** The synchronous twin of `checkedEasyInvitationOn`, for the job `mailAccessLink` while it is on `Db`; delete it when that moves. */
export function checkedEasyInvitation(db: Db, conferenceId: string): string | null {
	const row = db
		.select({ status: easyTexts.status, body: easyTexts.body })
		.from(easyTexts)
		.where(and(eq(easyTexts.kind, 'invitation'), eq(easyTexts.subjectId, conferenceId)))
		.get();
	return row?.status === 'checked' ? row.body : null;
}
