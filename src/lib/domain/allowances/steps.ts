import type { ClaimLineStatus, ClaimStatus } from './types';

/**
 * The steps of a claim. Only these moves exist; every command checks its move here, so an illegal
 * step is refused with a clear message rather than written.
 */
export const CLAIM_MOVES: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
	draft: ['submitted', 'cancelled'],
	submitted: ['approved', 'rejected', 'cancelled'],
	approved: ['released', 'cancelled'],
	// Back to approved when the payee's bank details change: the release is given again, for the new account.
	released: ['paid', 'cancelled', 'approved'],
	paid: [],
	rejected: [],
	cancelled: []
};

export function canMove(from: ClaimStatus, to: ClaimStatus): boolean {
	return CLAIM_MOVES[from].includes(to);
}

/** Where a claim is still open to the person (they add lines and confirm). */
export const isDraft = (status: ClaimStatus) => status === 'draft';

/** Claims whose approved lines count towards the year's total (money promised or paid). */
export const COUNTS_TOWARDS_YEAR: readonly ClaimStatus[] = ['approved', 'released', 'paid'];

/**
 * After the office decided every open line: approved when at least one line was approved,
 * rejected when none was. Null while a line is still open.
 */
export function outcomeOfDecisions(lines: readonly { status: ClaimLineStatus }[]): 'approved' | 'rejected' | null {
	const live = lines.filter((l) => l.status !== 'withdrawn');
	if (live.some((l) => l.status === 'open')) return null;
	return live.some((l) => l.status === 'approved') ? 'approved' : 'rejected';
}
