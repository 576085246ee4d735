import { eq } from 'drizzle-orm';
import type * as Y from 'yjs';
import { parseDocName, type DocKind } from '../../collab/docNames';
import { seedSections, writeStatus } from '../../minutes/document';
import type { Db } from '../db';
import { groupMeetings, meetingMinutes } from '../db/schema';

/**
 * What a document holds before anyone wrote to it, written by the document server the first
 * time it opens a document that has nothing stored (Hocuspocus's onLoadDocument): the minutes
 * of a meeting start with a section per agenda point, so the minute-taker writes into them.
 */
type Initial = (db: Db, id: string, doc: Y.Doc) => void;

const INITIAL: Partial<Record<DocKind, Initial>> = {
	minutes(db, meetingId, doc) {
		const meeting = db.select({ agenda: groupMeetings.agenda }).from(groupMeetings).where(eq(groupMeetings.id, meetingId)).get();
		if (!meeting) return;
		const row = db.select({ status: meetingMinutes.status }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId)).get();
		seedSections(doc, meeting.agenda);
		writeStatus(doc, row?.status ?? 'draft');
	}
};

export function initialContentFor(name: string): { id: string; write: Initial } | null {
	const doc = parseDocName(name);
	const write = doc && INITIAL[doc.kind];
	return write ? { id: doc.id, write } : null;
}
