import { createGroupMeeting } from '../../../src/lib/server/commands/createGroupMeeting';
import type { MeetingInput } from '../../../src/lib/server/commands/support/meetings';
import type { Data } from '../../../src/lib/server/db/client';
import { loadActorOn } from '../../../src/lib/server/policies';
import type { buildFixture } from './fixture';

/**
 * A meeting of the fixture's working group in conference A, planned by its coordination, with its
 * moderator and minute-taker: what a test of the minutes needs before it opens them.
 */
export async function planGroupMeeting(
	data: Data,
	fixture: Awaited<ReturnType<typeof buildFixture>>,
	overrides: Partial<MeetingInput> & { conferenceId?: string } = {}
) {
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
