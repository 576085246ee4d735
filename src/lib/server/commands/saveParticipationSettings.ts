import { eq } from 'drizzle-orm';
import type { ParticipationSettings } from '../db/schema';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import { CommandError } from './support/errors';

/** The office's words for the public "Mitmachen" page: who can join, how, and what it costs (null: nothing). */
export async function saveParticipationSettings(data: Data, actor: Actor, input: { conferenceId: string; participation: ParticipationSettings }) {
	authorize(actor, 'conference.update', { conferenceId: input.conferenceId });
	const { conferences } = data.t;
	await transactOn(data, async (tx) => {
		// The settings are read, changed and written whole: the row is held so that another change
		// of them at the same time (on PostgreSQL) is not written over.
		await lockForUpdate(data, tx, conferences, input.conferenceId);
		const before = first(await tx.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, input.conferenceId)));
		if (!before) throw new CommandError('not_found');
		await tx
			.update(conferences)
			.set({ settings: { ...before.settings, participation: input.participation }, updatedAt: new Date() })
			.where(eq(conferences.id, input.conferenceId));
		await recordAuditIn(data, tx, actor, {
			action: 'participation.update',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			before: (before.settings.participation ?? null) as Record<string, unknown> | null,
			after: { ...input.participation }
		});
	});
}
