import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { sittingMinutes } from '../db/schema';
import { changeDocument } from '../collab/changeDocument';
import { sittingMinutesDoc } from '../../collab/docNames';
import { writeStatus } from '../../minutes/document';

/** Writes the sitting minutes' status from SQLite into their document (where open editors read it). */
export async function projectSittingMinutesStatus(db: Db, sessionId: string): Promise<void> {
	const row = db.select({ status: sittingMinutes.status }).from(sittingMinutes).where(eq(sittingMinutes.sessionId, sessionId)).get();
	await changeDocument(db, sittingMinutesDoc(sessionId), (doc) => writeStatus(doc, row?.status ?? 'draft'));
}
