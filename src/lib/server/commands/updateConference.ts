import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { conferences } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import type { ConferenceInput } from './createConference';
import { assertAccentReadable } from './support/accent';

export function updateConference(db: Db, actor: Actor, conferenceId: string, input: ConferenceInput) {
	authorize(actor, 'conference.update', { conferenceId });
	assertAccentReadable(input.settings.accentColor);
	return db.transaction((tx) => {
		const before = tx.select().from(conferences).where(eq(conferences.id, conferenceId)).get();
		if (!before) throw new CommandError('not_found');
		// The general form sets its own keys; those kept on their own pages (participation, the letters' signer) stay.
		const settings = { ...before.settings, ...input.settings };
		const after = tx
			.update(conferences)
			.set({ ...input, settings, updatedAt: new Date() })
			.where(eq(conferences.id, conferenceId))
			.returning()
			.get();
		recordAudit(tx, actor, {
			action: 'conference.update',
			conferenceId,
			subjectType: 'conference',
			subjectId: conferenceId,
			before: { name: before.name, region: before.region, description: before.description, settings: before.settings },
			after: input as unknown as Record<string, unknown>
		});
		return after;
	});
}
