import { eq } from 'drizzle-orm';
import { parseDocName } from '../../collab/docNames';
import type { Db } from '../db';
import { plenarySessions, recommendations, workingGroups } from '../db/schema';
import type { Actor } from '../policies/actor';
import { can } from '../policies/can';
import { findMinutesSubject } from '../policies/subjects';

export type DocAccess = 'none' | 'read' | 'write';

/**
 * What an actor may do with a shared document, decided by the policies: the document server
 * asks this on upgrade and again whenever rights change; pages ask it to show an editor.
 */
export function docAccess(db: Db, actor: Actor, name: string): DocAccess {
	const doc = parseDocName(name);
	if (!doc) return 'none';
	switch (doc.kind) {
		case 'notes': {
			const group = db
				.select({ conferenceId: workingGroups.conferenceId })
				.from(workingGroups)
				.where(eq(workingGroups.id, doc.id))
				.get();
			if (!group) return 'none';
			const subject = { conferenceId: group.conferenceId, groupId: doc.id };
			if (can(actor, 'groupNotes.write', subject)) return 'write';
			return can(actor, 'groupNotes.read', subject) ? 'read' : 'none';
		}
		case 'plenary': {
			const session = db
				.select({ conferenceId: plenarySessions.conferenceId })
				.from(plenarySessions)
				.where(eq(plenarySessions.id, doc.id))
				.get();
			if (!session) return 'none';
			const subject = { conferenceId: session.conferenceId, sessionId: doc.id };
			if (can(actor, 'plenary.planAgenda', subject)) return 'write';
			// Everyone else follows along read-only; what they may change goes through commands.
			return can(actor, 'plenary.view', subject) ? 'read' : 'none';
		}
		case 'minutes': {
			const subject = findMinutesSubject(db, doc.id);
			if (!subject) return 'none';
			if (can(actor, 'minutes.edit', subject)) return 'write';
			return can(actor, 'minutes.read', subject) ? 'read' : 'none';
		}
		case 'recommendation': {
			const subject = db
				.select({ conferenceId: recommendations.conferenceId, groupId: recommendations.groupId, status: recommendations.status })
				.from(recommendations)
				.where(eq(recommendations.id, doc.id))
				.get();
			if (!subject) return 'none';
			// Write only while the text is open (draft, referred back); once agreed, the frozen copy in SQLite is the record.
			if (can(actor, 'recommendation.edit', subject)) return 'write';
			return can(actor, 'recommendation.view', subject) ? 'read' : 'none';
		}
		default:
			// Kinds whose capability has not landed yet have no readers.
			return 'none';
	}
}
