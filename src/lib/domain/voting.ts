/**
 * How the plenary decides: the kinds of poll, their choices, and the rules that turn a tally
 * into a result. Pure: the commands count in SQLite and ask here what the count means.
 */

/** A vote (yes / no / abstain) or a consensus round (agree / concerns / objection). */
export const POLL_KINDS = ['vote', 'consensus'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

/** Named: who voted what is recorded. Secret: who voted is stored apart from what was voted. */
export const POLL_SECRECY = ['named', 'secret'] as const;
export type PollSecrecy = (typeof POLL_SECRECY)[number];

export const POLL_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

export const VOTE_CHOICES = ['yes', 'no', 'abstain'] as const;
/**
 * Consensus in the way German round tables practise it: one agrees; or carries the decision
 * but has concerns, which are recorded; or objects, which blocks it. Both of the latter state
 * their reasons, recorded by name.
 */
export const CONSENSUS_CHOICES = ['agree', 'concerns', 'object'] as const;
export const CHOICES = [...VOTE_CHOICES, ...CONSENSUS_CHOICES] as const;
export type Choice = (typeof CHOICES)[number];

export function choicesOf(kind: PollKind): readonly Choice[] {
	return kind === 'vote' ? VOTE_CHOICES : CONSENSUS_CHOICES;
}

/** A consensus answer other than plain agreement needs its reasons in words. */
export function needsStatement(choice: Choice): boolean {
	return choice === 'concerns' || choice === 'object';
}

/**
 * Majority rules a conference can adopt in its rules of procedure:
 * - simple: more yes than no; abstentions do not count;
 * - absolute: more yes than half of all votes cast, abstentions included;
 * - two_thirds: at least two thirds of the yes and no votes are yes.
 */
export const MAJORITY_RULES = ['simple', 'absolute', 'two_thirds'] as const;
export type MajorityRule = (typeof MAJORITY_RULES)[number];

export interface DecisionRules {
	majority: MajorityRule;
	/** Share of the voting seats that must be represented in the room, 0–100. */
	quorumPercent: number;
}

export const DEFAULT_DECISION_RULES: DecisionRules = { majority: 'simple', quorumPercent: 50 };

export type Tally = Partial<Record<Choice, number>>;

export interface Seats {
	/** Voting seats of the conference (members with a vote). */
	total: number;
	/** Seats represented when the poll closed: the member is present, or a deputy for them. */
	present: number;
}

export const OUTCOMES = ['adopted', 'rejected', 'no_quorum', 'consensus', 'no_consensus'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The fewest seats that must be represented for the plenary to decide. */
export function quorumRequired(totalSeats: number, quorumPercent: number): number {
	return Math.ceil((totalSeats * quorumPercent) / 100);
}

export function hasQuorum(seats: Seats, quorumPercent: number): boolean {
	return seats.present >= quorumRequired(seats.total, quorumPercent);
}

export function ballotsCast(tally: Tally): number {
	return Object.values(tally).reduce((sum, n) => sum + (n ?? 0), 0);
}

/** What a closed poll decided. Without a quorum nothing is decided, whatever the count. */
export function decide(kind: PollKind, tally: Tally, seats: Seats, rules: DecisionRules): Outcome {
	if (!hasQuorum(seats, rules.quorumPercent)) return 'no_quorum';
	if (kind === 'consensus') return (tally.object ?? 0) === 0 && (tally.agree ?? 0) + (tally.concerns ?? 0) > 0 ? 'consensus' : 'no_consensus';
	const yes = tally.yes ?? 0;
	const no = tally.no ?? 0;
	const abstain = tally.abstain ?? 0;
	switch (rules.majority) {
		case 'simple':
			return yes > no ? 'adopted' : 'rejected';
		case 'absolute':
			return yes * 2 > yes + no + abstain ? 'adopted' : 'rejected';
		case 'two_thirds':
			return yes > 0 && yes * 3 >= (yes + no) * 2 ? 'adopted' : 'rejected';
	}
}

/** The most a count taken in the room may say for one choice: far above any plenary's seats. */
export const ROOM_COUNT_MAX = 9999;

/** Ballots on devices and counts taken in the room, choice by choice: the tally a poll is decided on. */
export function addTallies(a: Tally, b: Tally): Tally {
	const sum: Tally = { ...a };
	for (const [choice, n] of Object.entries(b) as [Choice, number | undefined][]) sum[choice] = (sum[choice] ?? 0) + (n ?? 0);
	return sum;
}

/**
 * Every seat votes at most once, on a device or in the room: together they can never be more
 * than the seats represented. Counted when a room count is entered, and again when the poll
 * closes (ballots keep arriving, and people leave, while the count is taken).
 */
export function countsFitRoom(deviceBallots: number, roomCounted: number, seatsPresent: number): boolean {
	return deviceBallots + roomCounted <= seatsPresent;
}
