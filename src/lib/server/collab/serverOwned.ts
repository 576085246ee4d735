import { parseDocName, type DocKind } from '../../collab/docNames';
import { POLL } from '../../plenary/poll';
import { STATE } from '../../minutes/document';
import { projectMinutesStatus } from '../minutes/projectStatus';
import type { Db } from '../db';
import { projectPoll } from '../polls/projectPoll';

/**
 * Parts of a shared document that only the server writes: projections of what SQLite decides,
 * such as a poll's count and result. Whoever has write access to the document (moderators,
 * for the agenda) could still change them from their own client. The document server watches
 * these maps, and when a change did not come from the server, it has the server write them
 * again from SQLite: screens may see a forged value for a moment, never for longer.
 */
interface ServerOwned {
	maps: readonly string[];
	restore(db: Db, id: string): Promise<void>;
}

const SERVER_OWNED: Partial<Record<DocKind, ServerOwned>> = {
	plenary: { maps: [POLL], restore: (db, sessionId) => projectPoll(db, sessionId) },
	minutes: { maps: [STATE], restore: (db, meetingId) => projectMinutesStatus(db, meetingId) }
};

export function serverOwnedParts(name: string): (ServerOwned & { id: string }) | null {
	const doc = parseDocName(name);
	const owned = doc && SERVER_OWNED[doc.kind];
	return owned ? { ...owned, id: doc.id } : null;
}
