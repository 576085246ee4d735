import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { claims } from '../db/schema';
import { NotAllowed } from '../policies';
import type { ClaimSubject } from '../policies/subjects';

export type ClaimRow = typeof claims.$inferSelect;

/** What the policies ask about a claim. */
export function claimSubject(claim: Pick<ClaimRow, 'conferenceId' | 'personId' | 'status' | 'approvedByPersonId'>): ClaimSubject {
	return { conferenceId: claim.conferenceId, personId: claim.personId, status: claim.status, approvedByPersonId: claim.approvedByPersonId };
}

/** The claim of this conference, or a 404 (a claim of another conference does not exist here). */
export function requireClaim(db: Db | Tx, conferenceId: string, claimId: string): ClaimRow {
	const claim = db
		.select()
		.from(claims)
		.where(and(eq(claims.id, claimId), eq(claims.conferenceId, conferenceId)))
		.get();
	if (!claim) throw new NotAllowed('not_found');
	return claim;
}

/** "2026-0042": how a claim is named on paper, in mails and in the bank's remittance line. */
export function claimReference(claim: Pick<ClaimRow, 'year' | 'number'>): string {
	return `${claim.year}-${String(claim.number).padStart(4, '0')}`;
}
