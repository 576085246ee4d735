import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { lockForUpdate } from '../db/locks';
import { authorize, type Actor } from '../policies';
import type { PlenarySessionInput } from './createPlenarySession';
import { requirePlenarySessionOn } from './support/guards';
import { type Data, first } from '../db/client';

export async function updatePlenarySession(data: Data, actor: Actor, input: PlenarySessionInput & { conferenceId: string; sessionId: string }) {
	const { plenarySessions } = data.t;
	authorize(actor, 'plenary.update', { conferenceId: input.conferenceId, sessionId: input.sessionId });
	return await data.transaction(async (tx) => {
		// The session's row first, so `before` is what this update replaces, not what another one did meanwhile.
		await lockForUpdate(data, tx, plenarySessions, input.sessionId);
		const before = await requirePlenarySessionOn(data, input.conferenceId, input.sessionId, tx);
		const { title, startsAt, place, videoUrl } = input;
		const after = first(
			await tx.update(plenarySessions).set({ title, startsAt, place, videoUrl, updatedAt: new Date() }).where(eq(plenarySessions.id, before.id)).returning()
		)!;
		const view = (s: typeof before) => ({ title: s.title, startsAt: s.startsAt.toISOString(), place: s.place, videoUrl: s.videoUrl });
		await recordAuditIn(data, tx, actor, {
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
