import { plenaryKind } from '../../../collab/kinds/plenary';
import { AGENDA } from '../../../plenary/agenda';
import { POLL } from '../../../plenary/poll';
import { projectPollOn } from '../../polls/projectPoll';
import { plenarySubjectOn } from '../../policies/subjects/lookupOn';
import { accessBy, type DocKindDefinition } from './types';

/**
 * A plenary session's document: those who plan the agenda write (the steering group only the
 * agenda itself); everyone else of the conference
 * follows along read-only, and what they may change (ask to speak, vote) goes through commands.
 */
export const plenary: DocKindDefinition = {
	...plenaryKind,
	access: accessBy({
		read: 'plenary.view',
		write: 'plenary.planAgenda',
		// The steering group prepares the agenda; the live state (current item, speakers) is for those who run the sitting.
		partialWrite: { unless: 'plenary.run', roots: [AGENDA] },
		subject: (data, sessionId) => plenarySubjectOn(data, sessionId)
	}),
	// The poll's count and result are the database's; a moderator's client must not change what the room sees.
	serverOwned: { maps: [POLL], restore: (data, sessionId) => projectPollOn(data, sessionId) }
};
