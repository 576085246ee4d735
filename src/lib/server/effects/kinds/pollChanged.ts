import { projectPollOn } from '../../polls/projectPoll';
import { onData } from '../types';

/** A poll opened, closed or was cancelled: every screen shows it at once. */
export interface PollChanged {
	sessionId: string;
}

/** A projection that failed is made again by the next one, and by `reprojectPollsOn` at start-up. */
export const pollChangedHandler = onData<PollChanged>((data, { sessionId }) => projectPollOn(data, sessionId));
