import { eq } from 'drizzle-orm';
import { minutesKind } from '../../../collab/kinds/minutes';
import { seedSections, STATE, writeStatus } from '../../../minutes/document';
import { groupMeetings, meetingMinutes } from '../../db/schema';
import { projectMinutesStatus } from '../../minutes/projectStatus';
import { findMinutesSubject } from '../../policies/subjects';
import { accessBy, type DocKindDefinition } from './types';

/** The minutes of a meeting: the group writes while they are not approved; who may read them depends on their status. */
export const minutes: DocKindDefinition = {
	...minutesKind,
	access: accessBy({
		read: 'minutes.read',
		write: 'minutes.edit',
		subject: (db, meetingId) => findMinutesSubject(db, meetingId)
	}),
	// A section per agenda point, so the minute-taker writes into them; and the status.
	initialContent(db, meetingId, doc) {
		const meeting = db.select({ agenda: groupMeetings.agenda }).from(groupMeetings).where(eq(groupMeetings.id, meetingId)).get();
		if (!meeting) return;
		const row = db.select({ status: meetingMinutes.status }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId)).get();
		seedSections(doc, meeting.agenda);
		writeStatus(doc, row?.status ?? 'draft');
	},
	// The status is SQLite's (circulate and approve are commands); editors' clients only see it.
	serverOwned: { maps: [STATE], restore: (db, meetingId) => projectMinutesStatus(db, meetingId) }
};
