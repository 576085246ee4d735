import { DEFAULT_SECTORS } from '../../domain/members';
import type { Db } from '../db';
import { conferenceMemberships, conferenceSectors, conferences, DEFAULT_CONFERENCE_SETTINGS, type ConferenceSettings } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { transact } from '../effects';
import { assertAccentReadable } from './support/accent';

export interface ConferenceInput {
	name: string;
	region: string;
	description: string | null;
	settings: ConferenceSettings;
}

/** Creates a conference; whoever creates it becomes its office, so it never starts ownerless. */
export function createConference(db: Db, actor: Actor, input: ConferenceInput) {
	authorize(actor, 'conference.create', null);
	assertAccentReadable(input.settings.accentColor);
	return transact(db, (tx, effects) => {
		const conference = tx
			.insert(conferences)
			.values({ ...input, settings: { ...DEFAULT_CONFERENCE_SETTINGS, ...input.settings } })
			.returning()
			.get();
		// A new conference starts with the usual sectors (no targets yet), so the composition view is useful at once.
		tx.insert(conferenceSectors)
			.values(DEFAULT_SECTORS.map((name, position) => ({ conferenceId: conference.id, name, position })))
			.run();
		recordAudit(tx, actor, {
			action: 'conference.create',
			conferenceId: conference.id,
			subjectType: 'conference',
			subjectId: conference.id,
			after: input as unknown as Record<string, unknown>
		});
		if (actor.personId) {
			tx.insert(conferenceMemberships).values({ conferenceId: conference.id, personId: actor.personId, role: 'office' }).run();
			recordAudit(tx, actor, {
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
