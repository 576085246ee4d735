import { describe, expect, it } from 'vitest';
import { schedule, type AgendaItem } from './agenda';
import { sessionCalendarEvent, type SessionCalendarInput } from './calendarEvent';

const start = new Date('2026-12-03T16:00:00Z');
const agendaItem = (id: string, title: string, durationMinutes: number, number: string | null = id): AgendaItem => ({
	id,
	number,
	title,
	description: '',
	presenter: '',
	durationMinutes,
	type: number ? 'discussion' : 'break'
});
const input = (over: Partial<SessionCalendarInput> = {}): SessionCalendarInput => ({
	conferenceName: 'Konferenz',
	session: { id: 's1', title: 'Plenum', startsAt: start, place: 'Saal', videoUrl: null },
	items: [],
	plannedEnd: null,
	pageUrl: 'https://ratschlag.test/conferences/k/plenary/s1',
	host: 'ratschlag.test',
	locale: 'en',
	...over
});

describe('a session as a calendar event', () => {
	it('ends at the planned end and lists the agenda in Berlin time, in the reader’s language', () => {
		const items = schedule([agendaItem('1', 'Welcome', 10), agendaItem('p', 'Break', 15, null), agendaItem('2', '', 20)], start);
		const event = sessionCalendarEvent(input({ items, plannedEnd: new Date('2026-12-03T16:45:00Z') }));
		expect(event).toMatchObject({ uid: 'plenary-s1@ratschlag.test', summary: 'Plenum – Konferenz', location: 'Saal', end: new Date('2026-12-03T16:45:00Z') });
		expect(event.description!.split('\n')).toEqual([
			'Agenda:',
			'17:00 Item 1: Welcome',
			'17:10 Break',
			'17:25 Item 2: (untitled)',
			'Planned end: 17:45',
			'',
			'The session in Ratschlag: https://ratschlag.test/conferences/k/plenary/s1'
		]);
	});

	it('lasts two hours when nothing is planned, or only items without a duration', () => {
		const twoHours = new Date('2026-12-03T18:00:00Z');
		expect(sessionCalendarEvent(input()).end).toEqual(twoHours);
		expect(sessionCalendarEvent(input({ items: schedule([agendaItem('1', 'Welcome', 0)], start), plannedEnd: start })).end).toEqual(twoHours);
	});
});
