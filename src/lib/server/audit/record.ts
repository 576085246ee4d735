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
