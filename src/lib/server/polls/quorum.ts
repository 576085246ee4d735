import { eq } from 'drizzle-orm';
import { DEFAULT_DECISION_RULES, hasQuorum, quorumRequired, type DecisionRules } from '../../domain/voting';
import { first, type Data, type Query } from '../db/client';
import { countSeatsOn } from './seats';

/** The seats in the room against the conference's quorum: what those who run a sitting see before opening a vote. */
export interface Quorum {
	present: number;
	total: number;
	/** The fewest seats that must be represented. */
	required: number;
	quorate: boolean;
}

/** The conference's decision rules as a new poll copies them (`tx`: inside openPoll's transaction). */
export async function decisionRulesOn(data: Data, conferenceId: string, tx: Query = data.q): Promise<DecisionRules> {
	const { conferences } = data.t;
	const conference = first(await tx.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, conferenceId)));
	return { ...DEFAULT_DECISION_RULES, ...conference?.settings };
}

export async function quorumOn(data: Data, conferenceId: string, sessionId: string): Promise<Quorum> {
	const [{ quorumPercent }, seats] = await Promise.all([decisionRulesOn(data, conferenceId), countSeatsOn(data, conferenceId, sessionId)]);
	return { ...seats, required: quorumRequired(seats.total, quorumPercent), quorate: hasQuorum(seats, quorumPercent) };
}
