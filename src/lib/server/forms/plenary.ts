import { CHOICES, POLL_KINDS, POLL_SECRECY } from '$lib/domain/voting';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { choice, fromPage, optionalText, optionalWebAddress, requiredDateTime, requiredId, requiredText } from './fields';

export const plenarySessionForm = {
	title: requiredText({ max: FIELD_LIMITS.plenarySession.title }),
	startsAt: requiredDateTime(),
	place: requiredText({ max: FIELD_LIMITS.plenarySession.place }),
	videoUrl: optionalWebAddress()
};

export const checkInForm = {
	code: requiredText({ max: FIELD_LIMITS.checkIn.code })
};

export const attendanceForm = {
	personId: fromPage(requiredId())
};

export const openPollForm = {
	agendaItemId: requiredId(),
	motion: optionalText({ max: FIELD_LIMITS.openPoll.motion, multiline: true }),
	kind: choice(POLL_KINDS),
	secrecy: choice(POLL_SECRECY)
};

export const voteForm = {
	pollId: fromPage(requiredId()),
	choice: choice(CHOICES),
	statement: optionalText({ max: FIELD_LIMITS.vote.statement, multiline: true })
};

export const pollForm = {
	pollId: fromPage(requiredId())
};
