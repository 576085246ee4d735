import { findOpenPoll } from '../../polls/publicPoll';
import { scheduleProjection } from '../../polls/projectPoll';
import type { EffectHandler } from '../types';

/** Someone came to a plenary session or left it. */
export interface AttendanceChanged {
	sessionId: string;
}

/** An open poll's "of how many" changes with the room, so screens get the new number too. */
export const attendanceChangedHandler: EffectHandler<AttendanceChanged> = (db, { sessionId }) => {
	if (findOpenPoll(db, sessionId)) return scheduleProjection(db, sessionId);
};
