import type { Db } from '../db';
import { auditLog } from '../db/schema';
import type { Actor } from '../policies/actor';

type Tx = Pick<Db, 'insert'>;

export interface AuditEntry {
	action: string;
	conferenceId: string | null;
	subjectType: string;
	subjectId: string;
	before?: Record<string, unknown> | null;
	after?: Record<string, unknown> | null;
}

/** Writes one audit row inside the caller's transaction, so the record and the change land together. */
export function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): void {
	tx.insert(auditLog)
		.values({
			actorPersonId: actor.personId,
			conferenceId: entry.conferenceId,
			action: entry.action,
			subjectType: entry.subjectType,
			subjectId: entry.subjectId,
			before: entry.before ?? null,
			after: entry.after ?? null
		})
		.run();
}

/** Rows per statement: well under SQLite's limit of bound variables. */
const ROWS_PER_INSERT = 500;

/** Many audit rows of one actor in a few multi-row statements (a meeting's claims drafted at once), in the caller's transaction. */
export function recordAudits(tx: Tx, actor: Actor, entries: readonly AuditEntry[]): void {
	const rows = entries.map((entry) => ({
		actorPersonId: actor.personId,
		conferenceId: entry.conferenceId,
		action: entry.action,
		subjectType: entry.subjectType,
		subjectId: entry.subjectId,
		before: entry.before ?? null,
		after: entry.after ?? null
	}));
	for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
		tx.insert(auditLog)
			.values(rows.slice(i, i + ROWS_PER_INSERT))
			.run();
}
