import { scheduleProjection } from '../../polls/projectPoll';
import { onData } from '../types';

/** A ballot was counted in an open poll of this session. */
export interface BallotCast {
	sessionId: string;
}

/**
 * Screens need the count, not every step of it: projected at most once per interval per
 * session (see scheduleProjection), read back from what was committed.
 */
export const ballotCastHandler = onData<BallotCast>((data, { sessionId }) => scheduleProjection(data, sessionId));
