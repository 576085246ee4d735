import { eq } from 'drizzle-orm';
import { DEFAULT_DECISION_RULES, hasQuorum, quorumRequired, type DecisionRules } from '../../domain/voting';
import type { Db } from '../db';
import { conferences } from '../db/schema';
import { countSeats } from './seats';

type Reader = Pick<Db, 'select' | 'get'>;

/** The seats in the room against the conference's quorum: what those who run a sitting see before opening a vote. */
export interface Quorum {
	present: number;
	total: number;
	/** The fewest seats that must be represented. */
	required: number;
	quorate: boolean;
}

/** The conference's decision rules as a new poll copies them. */
export function decisionRulesOf(db: Reader, conferenceId: string): DecisionRules {
	const conference = db.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)).get();
	return { ...DEFAULT_DECISION_RULES, ...conference?.settings };
}

export function quorumOf(db: Reader, conferenceId: string, sessionId: string, quorumPercent = decisionRulesOf(db, conferenceId).quorumPercent): Quorum {
	const seats = countSeats(db, conferenceId, sessionId);
	return { ...seats, required: quorumRequired(seats.total, quorumPercent), quorate: hasQuorum(seats, quorumPercent) };
}
