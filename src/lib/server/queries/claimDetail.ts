import { alias } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { type Data, first } from '../db/client';
import { claimAmountOn } from '../allowances/totals';
import { yearlyLimitCheckOn } from '../allowances/yearlyLimits';
import { auditForSubjectOn } from './people';

/**
 * One claim as the office sees it: the person, the meeting, every line (counter-entries under the
 * line they reverse), the amounts, the history from the audit log, and, while it waits for a
 * decision, where the person would stand against the year's limits if every open line were approved.
 * The caller has decided that the viewer may see it.
 */
export async function claimDetail(data: Data, conferenceId: string, claimId: string) {
	const { claimLines, claims, people } = data.t;
	const approver = alias(people, 'approver');
	const releaser = alias(people, 'releaser');
	const row = first(
		await data.q
			.select({ claim: claims, personName: people.displayName, approverName: approver.displayName, releaserName: releaser.displayName })
			.from(claims)
			.innerJoin(people, eq(people.id, claims.personId))
			.leftJoin(approver, eq(approver.id, claims.approvedByPersonId))
			.leftJoin(releaser, eq(releaser.id, claims.releasedByPersonId))
			.where(eq(claims.id, claimId))
	);
	if (!row || row.claim.conferenceId !== conferenceId) return null;
	const lines = await data.q.select().from(claimLines).where(eq(claimLines.claimId, claimId)).orderBy(claimLines.createdAt, claimLines.id);
	const reversedIds = new Set(lines.flatMap((l) => (l.reversesLineId ? [l.reversesLineId] : [])));
	const amounts = await claimAmountOn(data, claimId);
	const openCents = lines.filter((l) => l.status === 'open').reduce((sum, l) => sum + l.amountCents, 0);
	const history = await auditForSubjectOn(data, conferenceId, 'claim', claimId);
	return {
		...row,
		lines: lines.map((l) => ({ ...l, reversed: reversedIds.has(l.id) })),
		...amounts,
		openCents,
		limits: row.claim.status === 'submitted' ? await yearlyLimitCheckOn(data, row.claim, openCents) : null,
		history
	};
}
