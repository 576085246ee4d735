import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { meetingMinutes } from '../db/schema';
import { changeDocument } from '../collab/changeDocument';
import { minutesDoc } from '../../collab/docNames';
import { writeStatus } from '../../minutes/document';

/** Writes the minutes' status from SQLite into their document (where open editors read it). */
export async function projectMinutesStatus(db: Db, meetingId: string): Promise<void> {
	const row = db.select({ status: meetingMinutes.status }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId)).get();
	await changeDocument(db, minutesDoc(meetingId), (doc) => writeStatus(doc, row?.status ?? 'draft'));
}
