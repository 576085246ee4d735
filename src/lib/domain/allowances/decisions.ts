/**
 * The office's decision on the lines of a submitted claim, checked before anything is written:
 * every open line decided once, nothing else decided, and a rejection always explained to the
 * person in plain words. Browser-safe: the decision form checks the same.
 */

/** The most a reason (a rejected line, a rejected claim, a counter-entry) may hold. */
export const CLAIM_REASON_MAX = 500;

export interface LineDecision {
	lineId: string;
	approve: boolean;
	reason?: string | null;
}

export type DecisionProblem = 'decision_missing' | 'line_unknown' | 'reason_required' | 'reason_too_long';

export type CheckedDecisions =
	{ ok: true; decisions: { lineId: string; approve: boolean; reason: string | null }[] } | { ok: false; problem: DecisionProblem; lineId: string };

/** A reason as stored: trimmed, and absent when only blanks were typed. */
export function cleanReason(reason: string | null | undefined): string | null {
	const trimmed = reason?.trim() ?? '';
	return trimmed === '' ? null : trimmed;
}

/** Checks the decisions against the claim's open lines (in the lines' order); a reason on an approved line is dropped. */
export function checkDecisions(openLineIds: readonly string[], decisions: readonly LineDecision[]): CheckedDecisions {
	const byLine = new Map<string, LineDecision>();
	for (const decision of decisions) {
		if (!openLineIds.includes(decision.lineId) || byLine.has(decision.lineId)) return { ok: false, problem: 'line_unknown', lineId: decision.lineId };
		byLine.set(decision.lineId, decision);
	}
	const checked = [];
	for (const lineId of openLineIds) {
		const decision = byLine.get(lineId);
		if (!decision) return { ok: false, problem: 'decision_missing', lineId };
		const reason = decision.approve ? null : cleanReason(decision.reason);
		if (!decision.approve && reason === null) return { ok: false, problem: 'reason_required', lineId };
		if (reason !== null && reason.length > CLAIM_REASON_MAX) return { ok: false, problem: 'reason_too_long', lineId };
		checked.push({ lineId, approve: decision.approve, reason });
	}
	return { ok: true, decisions: checked };
}
