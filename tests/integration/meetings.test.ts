import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { RATSCHLAG_PRODUCT_ID, writeCalendar } from '../../src/lib/export/icalendar';
import { meetingCalendarEvent } from '../../src/lib/meetings/calendarEvent';
import { first, type Data } from '../../src/lib/server/db/client';
import { createGroupMeeting } from '../../src/lib/server/commands/createGroupMeeting';
import { updateGroupMeeting } from '../../src/lib/server/commands/updateGroupMeeting';
import { type MeetingInput } from '../../src/lib/server/commands/support/meetings';
import { markMeetingPresent } from '../../src/lib/server/commands/markMeetingPresent';
import { removeMeetingAttendance } from '../../src/lib/server/commands/removeMeetingAttendance';
import { agendaPoints } from '../../src/lib/server/forms/meeting';
import { loadActorOn } from '../../src/lib/server/policies';
import { getGroupMeeting, listGroupMeetings, meetingAttendanceList } from '../../src/lib/server/queries/meetings';
import { DIALECTS } from './support/data';
import { type ActorName } from './support/fixture';
import { fixtureOn, type Fixture } from './support/fixtureOn';
import { refusalOf } from './support/errors';

describe.each(DIALECTS)('working-group meetings on %s', (dialect) => {
	const on = fixtureOn(dialect);
	let data: Data;
	let fixture: Fixture;
	beforeAll(() => {
		({ data, fixture } = on);
	});

	const actor = (name: Exclude<ActorName, 'anonymous'>) => loadActorOn(data, fixture.ids[name]);
	const where = () => ({ conferenceId: fixture.conferenceA.id, groupId: fixture.group.id });
	const details = (overrides: Partial<MeetingInput> = {}): MeetingInput => ({
		title: '4. Sitzung',
		startsAt: new Date('2026-12-10T13:00:00Z'),
		durationMinutes: 90,
		place: 'Gesundheitsamt, Raum 2.14',
		videoUrl: null,
		agenda: ['Protokoll', 'Empfehlung Kurzzeitpflege'],
		moderatorPersonId: fixture.ids.groupModerator,
		minuteTakerPersonId: fixture.ids.minuteTaker,
		...overrides
	});

	it('are planned by the coordination with agenda points and this meeting’s roles, and audited', async () => {
		const { q, t } = data;
		const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), { ...where(), ...details() });
		const read = (await getGroupMeeting(data, fixture.group.id, meeting.id))!;
		expect(read.agenda).toEqual(['Protokoll', 'Empfehlung Kurzzeitpflege']);
		expect(read.moderatorName).toBeTruthy();
		expect((await listGroupMeetings(data, fixture.group.id)).map((x) => x.id)).toContain(meeting.id);
		expect(first(await q.select().from(t.auditLog).where(eq(t.auditLog.subjectId, meeting.id)))?.action).toBe('meeting.create');
		// A group member without the coordination may not plan one.
		await expect(createGroupMeeting(data, await actor('groupMember'), { ...where(), ...details() })).rejects.toThrow();
	});

	it('need a place or a video link, and people of the group for moderation and minutes', async () => {
		const coordinator = await actor('groupCoordinator');
		expect(await refusalOf(createGroupMeeting(data, coordinator, { ...where(), ...details({ place: null, videoUrl: null }) }))).toBe('meeting_needs_place');
		expect(await refusalOf(createGroupMeeting(data, coordinator, { ...where(), ...details({ minuteTakerPersonId: fixture.ids.votingMember }) }))).toBe(
			'person_not_in_group'
		);
		expect(
			await refusalOf(createGroupMeeting(data, coordinator, { ...where(), ...details({ place: null, videoUrl: 'https://video.example/ag' }) }))
		).toBeUndefined();
	});

	it('rotate: the next meeting’s moderator may change it, this one’s may not change the next', async () => {
		const { q, t } = data;
		const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), {
			...where(),
			...details({ moderatorPersonId: fixture.ids.groupMember })
		});
		await expect(updateGroupMeeting(data, await actor('groupModerator'), { ...where(), meetingId: meeting.id, ...details({ title: 'x' }) })).rejects.toThrow();
		const changed = await updateGroupMeeting(data, await actor('groupMember'), {
			...where(),
			meetingId: meeting.id,
			...details({ moderatorPersonId: fixture.ids.groupMember, agenda: ['Nur ein Punkt'] })
		});
		expect(changed.agenda).toEqual(['Nur ein Punkt']);
		const entry = first(await q.select().from(t.auditLog).where(eq(t.auditLog.action, 'meeting.update')).orderBy(t.auditLog.seq));
		expect(entry?.before).toMatchObject({ agenda: ['Protokoll', 'Empfehlung Kurzzeitpflege'] });
	});

	it('record who was there once per person, by the meeting’s minute-taker, and take a mark back', async () => {
		const { q, t } = data;
		const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), { ...where(), ...details() });
		const input = { ...where(), meetingId: meeting.id, personId: fixture.ids.groupMember };
		await markMeetingPresent(data, await actor('minuteTaker'), input);
		expect(await refusalOf(markMeetingPresent(data, await actor('minuteTaker'), input))).toBe('already_present');
		expect(await refusalOf(markMeetingPresent(data, await actor('minuteTaker'), { ...input, personId: fixture.ids.votingMember }))).toBe('person_not_in_group');
		// The moderator keeps no list.
		await expect(markMeetingPresent(data, await actor('groupModerator'), { ...input, personId: fixture.ids.groupCoordinator })).rejects.toThrow();
		const list = await meetingAttendanceList(data, fixture.group.id, meeting.id);
		expect(list.filter((row) => row.recordedAt).map((row) => row.personId)).toEqual([fixture.ids.groupMember]);
		expect(first(await q.select().from(t.meetingAttendance).where(eq(t.meetingAttendance.meetingId, meeting.id)))?.recordedByPersonId).toBe(
			fixture.ids.minuteTaker
		);
		await removeMeetingAttendance(data, await actor('office'), input);
		expect(await refusalOf(removeMeetingAttendance(data, await actor('office'), input))).toBe('not_present');
	});

	it('go into calendars with their agenda and roles (read back with ical.js)', async () => {
		const meeting = await createGroupMeeting(data, await actor('groupCoordinator'), {
			...where(),
			...details({ videoUrl: 'https://video.example/ag' })
		});
		const read = (await getGroupMeeting(data, fixture.group.id, meeting.id))!;
		const text = writeCalendar({
			productId: RATSCHLAG_PRODUCT_ID,
			stamp: new Date(),
			events: [meetingCalendarEvent({ groupName: 'AG Pflege', meeting: read, pageUrl: 'https://ratschlag.example/m', host: 'ratschlag.example', locale: 'de' })]
		});
		const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
		expect(event.summary).toBe('4. Sitzung – AG Pflege');
		expect(event.location).toBe('Gesundheitsamt, Raum 2.14');
		expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(90 * 60_000);
		expect(event.description).toContain('1. Protokoll');
		expect(event.description).toContain('2. Empfehlung Kurzzeitpflege');
		expect(event.description).toContain(`Protokoll: ${read.minuteTakerName}`);
		expect(event.description).toContain('https://video.example/ag');
		expect(event.uid).toBe(`meeting-${meeting.id}@ratschlag.example`);
	});
});

// Reads no database: once, outside the loop over the dialects.
describe('working-group meeting agendas', () => {
	it('take their agenda one point per line, without blank lines', () => {
		expect(agendaPoints('  Protokoll \n\n Empfehlung   Kurzzeitpflege\n')).toEqual(['Protokoll', 'Empfehlung Kurzzeitpflege']);
		expect(agendaPoints(null)).toEqual([]);
	});
});
