import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { plenarySessions } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import type { PlenarySessionInput } from './createPlenarySession';
import { requirePlenarySession } from './support/guards';

export function updatePlenarySession(db: Db, actor: Actor, input: PlenarySessionInput & { conferenceId: string; sessionId: string }) {
	authorize(actor, 'plenary.update', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	return db.transaction((tx) => {
		const before = requirePlenarySession(tx, input.conferenceId, input.sessionId);
		const { title, startsAt, place, videoUrl } = input;
		const after = tx
			.update(plenarySessions)
			.set({ title, startsAt, place, videoUrl, updatedAt: new Date() })
			.where(eq(plenarySessions.id, before.id))
			.returning()
			.get();
		const view = (s: typeof before) => ({ title: s.title, startsAt: s.startsAt.toISOString(), place: s.place, videoUrl: s.videoUrl });
		recordAudit(tx, actor, {
			action: 'plenary.update',
			conferenceId: input.conferenceId,
			subjectType: 'plenary',
			subjectId: before.id,
			before: view(before),
			after: view(after)
		});
		return after;
	});
}
