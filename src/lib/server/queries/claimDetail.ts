import { alias } from 'drizzle-orm/sqlite-core';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { claimLines, claims, people } from '../db/schema';
import { claimAmount } from '../allowances/totals';
import { yearlyLimitCheck } from '../allowances/yearlyLimits';
import { auditForSubject } from './people';

const approver = alias(people, 'approver');
const releaser = alias(people, 'releaser');

/**
 * One claim as the office sees it: the person, the meeting, every line (counter-entries under the
 * line they reverse), the amounts, the history from the audit log, and, while it waits for a
 * decision, where the person would stand against the year's limits if every open line were approved.
 * The caller has decided that the viewer may see it.
 */
export function claimDetail(db: Db, conferenceId: string, claimId: string) {
	const row = db
		.select({ claim: claims, personName: people.displayName, approverName: approver.displayName, releaserName: releaser.displayName })
		.from(claims)
		.innerJoin(people, eq(people.id, claims.personId))
		.leftJoin(approver, eq(approver.id, claims.approvedByPersonId))
		.leftJoin(releaser, eq(releaser.id, claims.releasedByPersonId))
		.where(eq(claims.id, claimId))
		.get();
	if (!row || row.claim.conferenceId !== conferenceId) return null;
	const lines = db.select().from(claimLines).where(eq(claimLines.claimId, claimId)).orderBy(claimLines.createdAt, claimLines.id).all();
	const reversedIds = new Set(lines.flatMap((l) => (l.reversesLineId ? [l.reversesLineId] : [])));
	const amounts = claimAmount(db, claimId);
	const openCents = lines.filter((l) => l.status === 'open').reduce((sum, l) => sum + l.amountCents, 0);
	const history = auditForSubject(db, conferenceId, 'claim', claimId);
	return {
		...row,
		lines: lines.map((l) => ({ ...l, reversed: reversedIds.has(l.id) })),
		...amounts,
		openCents,
		limits: row.claim.status === 'submitted' ? yearlyLimitCheck(db, row.claim, openCents) : null,
		history
	};
}
