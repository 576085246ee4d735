import { eq } from 'drizzle-orm';
import { minutesKind } from '../../../collab/kinds/minutes';
import { seedSections, STATE, writeStatus } from '../../../minutes/document';
import { first } from '../../db/client';
import { projectMinutesStatus } from '../../minutes/projectStatus';
import { findMinutesSubjectOn } from '../../policies/subjects/lookupOn';
import { accessBy, type DocKindDefinition } from './types';

/** The minutes of a meeting: the group writes while they are not approved; who may read them depends on their status. */
export const minutes: DocKindDefinition = {
	...minutesKind,
	access: accessBy({
		read: 'minutes.read',
		write: 'minutes.edit',
		subject: (data, meetingId) => findMinutesSubjectOn(data, meetingId)
	}),
	// A section per agenda point, so the minute-taker writes into them; and the status.
	async initialContent(data, meetingId) {
		const { groupMeetings, meetingMinutes } = data.t;
		const meeting = first(await data.q.select({ agenda: groupMeetings.agenda }).from(groupMeetings).where(eq(groupMeetings.id, meetingId)));
		if (!meeting) return null;
		const row = first(await data.q.select({ status: meetingMinutes.status }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, meetingId)));
		return (doc) => {
			seedSections(doc, meeting.agenda);
			writeStatus(doc, row?.status ?? 'draft');
		};
	},
	// The status is the database's (circulate and approve are commands); editors' clients only see it.
	serverOwned: { maps: [STATE], restore: (data, meetingId) => projectMinutesStatus(data, meetingId) }
};
