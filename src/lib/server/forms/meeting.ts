import { FIELD_LIMITS, MEETING_MINUTES } from '$lib/fieldLimits';
import { fromPage, optionalId, optionalText, optionalWebAddress, requiredDateTime, requiredId, requiredText, wholeNumber } from './fields';

const max = FIELD_LIMITS.meeting;

export const meetingForm = {
	title: requiredText({ max: max.title }),
	startsAt: requiredDateTime(),
	durationMinutes: wholeNumber(MEETING_MINUTES),
	place: optionalText({ max: max.place }),
	videoUrl: optionalWebAddress(),
	agenda: optionalText({ max: max.agenda, multiline: true }),
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
