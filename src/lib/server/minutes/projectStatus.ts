import { eq } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { changeDocumentOn } from '../collab/changeDocument';
import { minutesDoc } from '../../collab/docNames';
import { writeStatus } from '../../minutes/document';

/** Writes the minutes' status from the database into their document (where open editors read it). */
export async function projectMinutesStatus(data: Data, meetingId: string): Promise<void> {
	const { meetingMinutes } = data.t;
	const row = first(await data.q.select({ status: meetingMinutes.status }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId)));
	await changeDocumentOn(data, minutesDoc(meetingId), (doc) => writeStatus(doc, row?.status ?? 'draft'));
}
