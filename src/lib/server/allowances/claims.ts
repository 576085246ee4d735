import { and, eq } from 'drizzle-orm';
import { first, type Data, type Query } from '../db/client';
import { lockForUpdate } from '../db/locks';
import type { claims } from '../db/schema';
import { NotAllowed } from '../policies';
import type { ClaimSubject } from '../policies/subjects';

export type ClaimRow = typeof claims.$inferSelect;

/** What the policies ask about a claim. */
export function claimSubject(claim: Pick<ClaimRow, 'conferenceId' | 'personId' | 'status' | 'approvedByPersonId'>): ClaimSubject {
	return { conferenceId: claim.conferenceId, personId: claim.personId, status: claim.status, approvedByPersonId: claim.approvedByPersonId };
}

/** The claim of this conference, or a 404 (a claim of another conference does not exist here); `tx`: inside a command's transaction. */
export async function requireClaimOn(data: Data, conferenceId: string, claimId: string, tx: Query = data.q): Promise<ClaimRow> {
	const { claims } = data.t;
	const claim = first(
		await tx
			.select()
			.from(claims)
			.where(and(eq(claims.id, claimId), eq(claims.conferenceId, conferenceId)))
	);
	if (!claim) throw new NotAllowed('not_found');
	return claim;
}

/**
 * The claim, held for update for the rest of the transaction, then read (README, "Rules that span
 * rows": the claim's steps hold its row). A second step waiting here reads what the first one
 * committed (its status) instead of writing over it.
 */
export async function holdClaim(data: Data, tx: Query, conferenceId: string, claimId: string): Promise<ClaimRow> {
	await lockForUpdate(data, tx, data.t.claims, claimId);
	return requireClaimOn(data, conferenceId, claimId, tx);
}

/** "2026-0042": how a claim is named on paper, in mails and in the bank's remittance line. */
export function claimReference(claim: Pick<ClaimRow, 'year' | 'number'>): string {
	return `${claim.year}-${String(claim.number).padStart(4, '0')}`;
}
