import { and, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { changedRows, type Data } from '../db/client';

const DAY = 86_400_000;
// Well below SQLite's limit of bound parameters per statement.
const CHUNK = 500;

export interface PurgeReport {
	feedback: number;
	auditEntries: number;
}

/**
 * The retention rule for accessibility feedback: answered feedback is deleted `retentionDays`
 * after its answer, together with the audit entries about it (the only entries the log lets
 * go, and only once their feedback is gone: drizzle/sqlite/0011). Unanswered feedback stays, however
 * old: it is a request the office still owes an answer (BITV 2.0 § 7), and the inbox shows it
 * as overdue; spam is let go by marking it answered. The purge itself is one audit entry with
 * counts only. Runs at start-up and daily in the server process (server/retention.ts).
 */
export async function purgeAccessibilityFeedback(data: Data, actor: Actor, input: { retentionDays: number; now?: Date }): Promise<PurgeReport> {
	const { accessibilityFeedback, auditLog } = data.t;
	authorize(actor, 'accessibilityFeedback.purge', null);
	const answeredBefore = new Date((input.now ?? new Date()).getTime() - input.retentionDays * DAY);
	return await data.transaction(async (tx) => {
		const gone = (
			await tx
				.delete(accessibilityFeedback)
				.where(and(isNotNull(accessibilityFeedback.answeredAt), lte(accessibilityFeedback.answeredAt, answeredBefore)))
				.returning({ id: accessibilityFeedback.id })
		).map((row) => row.id);
		if (gone.length === 0) return { feedback: 0, auditEntries: 0 };
		let auditEntries = 0;
		for (let i = 0; i < gone.length; i += CHUNK) {
			auditEntries += changedRows(
				await tx.delete(auditLog).where(and(eq(auditLog.subjectType, 'accessibilityFeedback'), inArray(auditLog.subjectId, gone.slice(i, i + CHUNK))))
			);
		}
		await recordAuditIn(data, tx, actor, {
			action: 'accessibilityFeedback.purge',
			conferenceId: null,
			subjectType: 'retention',
			subjectId: 'accessibilityFeedback',
			after: { feedback: gone.length, auditEntries, answeredBefore: answeredBefore.toISOString(), retentionDays: input.retentionDays }
		});
		return { feedback: gone.length, auditEntries };
	});
}
