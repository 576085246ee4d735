import { findOpenPollOn } from '../../polls/publicPoll';
import { scheduleProjection } from '../../polls/projectPoll';
import { onData } from '../types';

/** Someone came to a plenary session or left it. */
export interface AttendanceChanged {
	sessionId: string;
}

/** An open poll's "of how many" changes with the room, so screens get the new number too. */
export const attendanceChangedHandler = onData<AttendanceChanged>(async (data, { sessionId }) => {
	if (await findOpenPollOn(data, sessionId)) return scheduleProjection(data, sessionId);
});
