import { CHOICES, POLL_KINDS, POLL_SECRECY } from '$lib/domain/voting';
import { choice, fromPage, optionalText, optionalWebAddress, requiredDateTime, requiredId, requiredText } from './fields';

export const plenarySessionForm = {
	title: requiredText({ max: 200 }),
	startsAt: requiredDateTime(),
	place: requiredText({ max: 300 }),
	videoUrl: optionalWebAddress()
};

export const checkInForm = {
	code: requiredText({ max: 20 })
};

export const attendanceForm = {
	personId: fromPage(requiredId())
};

export const openPollForm = {
	agendaItemId: requiredId(),
	motion: optionalText({ max: 2000, multiline: true }),
	kind: choice(POLL_KINDS),
	secrecy: choice(POLL_SECRECY)
};

export const voteForm = {
	pollId: fromPage(requiredId()),
	choice: choice(CHOICES),
	statement: optionalText({ max: 2000, multiline: true })
};

export const pollForm = {
	pollId: fromPage(requiredId())
};
