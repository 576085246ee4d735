import { eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { changeDocumentOn } from '../collab/changeDocument';
import { sittingMinutesDoc } from '../../collab/docNames';
import { writeStatus } from '../../minutes/document';

/** Writes the sitting minutes' status from the database into their document (where open editors read it). */
export async function projectSittingMinutesStatus(data: Data, sessionId: string): Promise<void> {
	const { sittingMinutes } = data.t;
	const row = first(await data.q.select({ status: sittingMinutes.status }).from(sittingMinutes).where(eq(sittingMinutes.sessionId, sessionId)));
	await changeDocumentOn(data, sittingMinutesDoc(sessionId), (doc) => writeStatus(doc, row?.status ?? 'draft'));
}
