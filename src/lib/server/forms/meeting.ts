import { fromPage, optionalId, optionalText, optionalWebAddress, requiredDateTime, requiredId, requiredText, wholeNumber } from './fields';

export const meetingForm = {
	title: requiredText({ max: 200 }),
	startsAt: requiredDateTime(),
	durationMinutes: wholeNumber({ min: 15, max: 600 }),
	place: optionalText({ max: 300 }),
	videoUrl: optionalWebAddress(),
	agenda: optionalText({ max: 4000, multiline: true }),
	moderatorPersonId: optionalId(),
	minuteTakerPersonId: optionalId()
};

export const meetingAttendanceForm = {
	personId: fromPage(requiredId())
};

/** The agenda as typed, one point per line: blank lines dropped, at most 30 points of 300 characters. */
export function agendaPoints(text: string | null): string[] {
	return (text ?? '')
		.split('\n')
		.map((line) => line.replace(/\s+/g, ' ').trim().slice(0, 300))
		.filter(Boolean)
		.slice(0, 30);
}
