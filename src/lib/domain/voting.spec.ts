import { describe, expect, it } from 'vitest';
import { addTallies, countsFitRoom, decide, quorumRequired, type DecisionRules, type Seats } from './voting';

const full: Seats = { total: 20, present: 20 };
const rules = (majority: DecisionRules['majority'], quorumPercent = 50): DecisionRules => ({ majority, quorumPercent });

describe('majority rules', () => {
	it('simple: more yes than no, abstentions do not count; a tie is rejected', () => {
		expect(decide('vote', { yes: 5, no: 4, abstain: 10 }, full, rules('simple'))).toBe('adopted');
		expect(decide('vote', { yes: 5, no: 5, abstain: 0 }, full, rules('simple'))).toBe('rejected');
		expect(decide('vote', { yes: 0, no: 0, abstain: 12 }, full, rules('simple'))).toBe('rejected');
	});

	it('absolute: more yes than half of all votes cast, abstentions included', () => {
		expect(decide('vote', { yes: 5, no: 4, abstain: 10 }, full, rules('absolute'))).toBe('rejected');
		expect(decide('vote', { yes: 10, no: 4, abstain: 5 }, full, rules('absolute'))).toBe('adopted');
		expect(decide('vote', { yes: 7, no: 2, abstain: 3 }, full, rules('absolute'))).toBe('adopted');
		// Exactly half is not more than half.
		expect(decide('vote', { yes: 6, no: 3, abstain: 3 }, full, rules('absolute'))).toBe('rejected');
	});

	it('two thirds: of the yes and no votes, exactly two thirds is enough', () => {
		expect(decide('vote', { yes: 10, no: 5, abstain: 5 }, full, rules('two_thirds'))).toBe('adopted');
		expect(decide('vote', { yes: 9, no: 5, abstain: 0 }, full, rules('two_thirds'))).toBe('rejected');
		expect(decide('vote', { yes: 0, no: 0, abstain: 3 }, full, rules('two_thirds'))).toBe('rejected');
	});
});

describe('quorum', () => {
	it('needs the share of the seats in the room, rounded up; 0 means always quorate', () => {
		expect(quorumRequired(21, 50)).toBe(11);
		expect(quorumRequired(20, 50)).toBe(10);
		expect(quorumRequired(20, 0)).toBe(0);
		expect(decide('vote', { yes: 9 }, { total: 20, present: 9 }, rules('simple'))).toBe('no_quorum');
		expect(decide('vote', { yes: 9 }, { total: 20, present: 10 }, rules('simple'))).toBe('adopted');
		expect(decide('vote', { yes: 1 }, { total: 20, present: 1 }, rules('simple', 0))).toBe('adopted');
	});
});

describe('consensus', () => {
	it('holds with agreement and concerns; one objection blocks it; nobody answering is no consensus', () => {
		expect(decide('consensus', { agree: 8, concerns: 2, object: 0 }, full, rules('simple'))).toBe('consensus');
		expect(decide('consensus', { agree: 18, concerns: 0, object: 1 }, full, rules('simple'))).toBe('no_consensus');
		expect(decide('consensus', {}, full, rules('simple'))).toBe('no_consensus');
		expect(decide('consensus', { agree: 3 }, { total: 20, present: 3 }, rules('simple'))).toBe('no_quorum');
	});
});

describe('counts taken in the room', () => {
	it('are added to the ballots choice by choice, and together never exceed the seats in the room', () => {
		expect(addTallies({ yes: 3, no: 1, abstain: 0 }, { yes: 2, abstain: 1 })).toEqual({ yes: 5, no: 1, abstain: 1 });
		expect(addTallies({}, { agree: 4 })).toEqual({ agree: 4 });
		expect(countsFitRoom(10, 5, 15)).toBe(true);
		expect(countsFitRoom(10, 6, 15)).toBe(false);
		expect(countsFitRoom(0, 0, 0)).toBe(true);
	});
});
