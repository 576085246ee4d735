import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferences, type ParticipationSettings } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { CommandError } from './support/errors';

/** The office's words for the public "Mitmachen" page: who can join, how, and what it costs (null: nothing). */
export function saveParticipationSettings(db: Db, actor: Actor, input: { conferenceId: string; participation: ParticipationSettings }) {
	authorize(actor, 'conference.update', { conferenceId: input.conferenceId });
	transact(db, (tx) => {
		const before = tx.select({ settings: conferences.settings }).from(conferences).where(eq(conferences.id, input.conferenceId)).get();
		if (!before) throw new CommandError('not_found');
		tx.update(conferences)
			.set({ settings: { ...before.settings, participation: input.participation }, updatedAt: new Date() })
			.where(eq(conferences.id, input.conferenceId))
			.run();
		recordAudit(tx, actor, {
			action: 'participation.update',
			conferenceId: input.conferenceId,
			subjectType: 'conference',
			subjectId: input.conferenceId,
			before: (before.settings.participation ?? null) as Record<string, unknown> | null,
			after: { ...input.participation }
		});
	});
}
