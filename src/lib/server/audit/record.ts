import { sql } from 'drizzle-orm';
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

/**
 * Many audit rows of one actor in one statement (a meeting's claims drafted at once), in the
 * caller's transaction: the rows go to SQLite as one JSON array, not a statement each.
 */
export function recordAudits(tx: Pick<Db, 'run'>, actor: Actor, entries: readonly AuditEntry[]): void {
	if (entries.length === 0) return;
	const rows = entries.map((e) => [
		e.conferenceId,
		e.action,
		e.subjectType,
		e.subjectId,
		e.before ? JSON.stringify(e.before) : null,
		e.after ? JSON.stringify(e.after) : null
	]);
	tx.run(sql`
		INSERT INTO audit_log (at, actor_person_id, conference_id, action, subject_type, subject_id, before, after)
		SELECT ${Date.now()}, ${actor.personId}, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
		FROM json_each(${JSON.stringify(rows)})`);
}
