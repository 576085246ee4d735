import { DEFAULT_SECTORS } from '../../domain/members';
import { DEFAULT_CONFERENCE_SETTINGS, type ConferenceSettings } from '../db/schema';
import type { Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transactOn } from '../effects';
import { assertAccentReadable } from './support/accent';

export interface ConferenceInput {
	name: string;
	region: string;
	description: string | null;
	settings: ConferenceSettings;
}

/** Creates a conference; whoever creates it becomes its office, so it never starts ownerless. */
export async function createConference(data: Data, actor: Actor, input: ConferenceInput) {
	authorize(actor, 'conference.create', null);
	assertAccentReadable(input.settings.accentColor);
	const { conferenceMemberships, conferenceSectors, conferences } = data.t;
	return transactOn(data, async (tx, effects) => {
		const [conference] = await tx
			.insert(conferences)
			.values({ ...input, settings: { ...DEFAULT_CONFERENCE_SETTINGS, ...input.settings } })
			.returning();
		// A new conference starts with the usual sectors (no targets yet), so the composition view is useful at once.
		await tx.insert(conferenceSectors).values(DEFAULT_SECTORS.map((name, position) => ({ conferenceId: conference.id, name, position })));
		await recordAuditIn(data, tx, actor, {
			action: 'conference.create',
			conferenceId: conference.id,
			subjectType: 'conference',
			subjectId: conference.id,
			after: input as unknown as Record<string, unknown>
		});
		if (actor.personId) {
			await tx.insert(conferenceMemberships).values({ conferenceId: conference.id, personId: actor.personId, role: 'office' });
			await recordAuditIn(data, tx, actor, {
				action: 'conferenceRole.assign',
				conferenceId: conference.id,
				subjectType: 'person',
				subjectId: actor.personId,
				after: { role: 'office' }
			});
			effects.rightsChanged({ personId: actor.personId });
		}
		return conference;
	});
}
