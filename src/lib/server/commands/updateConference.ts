import { eq } from 'drizzle-orm';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import { lockForUpdate } from '../db/locks';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import type { ConferenceInput } from './createConference';
import { assertAccentReadable } from './support/accent';

export async function updateConference(data: Data, actor: Actor, conferenceId: string, input: ConferenceInput) {
	authorize(actor, 'conference.update', { conferenceId });
	assertAccentReadable(input.settings.accentColor);
	const { conferences } = data.t;
	return data.transaction(async (tx) => {
		// The settings are read, merged and written whole: the row is held so that a change of them
		// on their own pages at the same time (on PostgreSQL) is not written over.
		await lockForUpdate(data, tx, conferences, conferenceId);
		const before = first(await tx.select().from(conferences).where(eq(conferences.id, conferenceId)));
		if (!before) throw new CommandError('not_found');
		// The general form sets its own keys; those kept on their own pages (participation, the letters' signer) stay.
		const settings = { ...before.settings, ...input.settings };
		const [after] = await tx
			.update(conferences)
			.set({ ...input, settings, updatedAt: new Date() })
			.where(eq(conferences.id, conferenceId))
			.returning();
		await recordAuditIn(data, tx, actor, {
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
