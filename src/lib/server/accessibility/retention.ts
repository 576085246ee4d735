/**
 * How long answered accessibility feedback is kept: FEEDBACK_RETENTION_DAYS days after its
 * answer, then it is deleted with the audit entries about it. A year by default: long enough
 * for a conciliation procedure (§ 16 BGG) about the answer and for the statement's yearly
 * review to draw on it, and no longer than that needs (DSGVO Art. 5(1)(e)).
 */
export const DEFAULT_FEEDBACK_RETENTION_DAYS = 365;

/** The operator's setting; anything but a whole number of days stops the start, rather than keep or delete by mistake. */
export function feedbackRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.FEEDBACK_RETENTION_DAYS?.trim();
	if (!raw) return DEFAULT_FEEDBACK_RETENTION_DAYS;
	if (!/^\d+$/.test(raw)) throw new Error(`FEEDBACK_RETENTION_DAYS must be a whole number of days (0 or more), not "${raw}"`);
	return Number(raw);
}
