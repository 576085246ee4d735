import { plenaryDoc } from '../../../src/lib/collab/docNames';
import { addAgendaItem, type AgendaItemFields } from '../../../src/lib/plenary/agenda';
import { changeDocumentOn } from '../../../src/lib/server/collab/changeDocument';
import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import { createPlenarySession, type PlenarySessionInput } from '../../../src/lib/server/commands/createPlenarySession';
import type { MeetingInput } from '../../../src/lib/server/commands/support/meetings';
import type { Data } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import type { buildFixture } from './fixture';

type Fixture = Awaited<ReturnType<typeof buildFixture>>;

/**
 * A meeting of the fixture's working group in conference A, planned by its coordination, with its
 * moderator and minute-taker: what a test of the minutes needs before it opens them.
 */
export async function planGroupMeeting(data: Data, fixture: Fixture, overrides: Partial<MeetingInput> & { conferenceId?: string } = {}) {
	const { conferenceId = fixture.conferenceA.id, ...details } = overrides;
	return createGroupMeeting(data, await loadActorOn(data, fixture.ids.groupCoordinator), {
		conferenceId,
		groupId: fixture.group.id,
		title: 'Sitzung',
		startsAt: new Date('2026-12-10T13:00:00Z'),
		durationMinutes: 90,
		place: 'Raum 2.14',
		videoUrl: null,
		agenda: ['Bericht'],
		moderatorPersonId: fixture.ids.groupModerator,
		minuteTakerPersonId: fixture.ids.minuteTaker,
		...details
	});
}

/** An agenda item as a test names it: a decision of 20 minutes unless it says otherwise. */
export type PlannedItem = Pick<AgendaItemFields, 'title'> & Partial<AgendaItemFields>;

/**
 * A plenary sitting of today in conference A (or `conferenceId`), created by the office, with its
 * agenda written into the sitting's document: what a test of the room, the votes or the sitting's
 * minutes needs first. `itemIds` are in the order of `agenda`; `subject` is what the plenary's
 * commands take to name the sitting.
 */
export async function planSitting(
	data: Data,
	fixture: Fixture,
	{ conferenceId = fixture.conferenceA.id, agenda = [], ...details }: Partial<PlenarySessionInput> & { conferenceId?: string; agenda?: PlannedItem[] } = {}
) {
	const session = await createPlenarySession(data, await loadActorOn(data, fixture.ids.office), {
		conferenceId,
		title: 'Plenum',
		startsAt: new Date(),
		place: 'Saal',
		videoUrl: null,
		...details
	});
	const docName = plenaryDoc(session.id);
	const itemIds: string[] = [];
	if (agenda.length > 0) {
		await changeDocumentOn(data, docName, (doc) => {
			for (const item of agenda) itemIds.push(addAgendaItem(doc, { description: '', presenter: '', durationMinutes: 20, type: 'decision', ...item }));
		});
	}
	return { session, docName, itemIds, subject: { conferenceId, sessionId: session.id } };
}
