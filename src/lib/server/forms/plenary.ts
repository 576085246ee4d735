import { CHOICES, POLL_KINDS, POLL_SECRECY } from '$lib/domain/voting';
import { FIELD_LIMITS, ROOM_COUNT } from '$lib/fieldLimits';
import { SPEAKER_KINDS } from '$lib/plenary/speakerKinds';
import {
	checkbox,
	choice,
	fromPage,
	optionalChoice,
	optionalCount,
	optionalText,
	optionalWebAddress,
	requiredDateTime,
	requiredId,
	requiredText
} from './fields';

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
	secrecy: choice(POLL_SECRECY),
	/** Ticked on the second submit, once the page said the sitting is not quorate. */
	confirmNotQuorate: checkbox()
};

export const voteForm = {
	pollId: fromPage(requiredId()),
	choice: choice(CHOICES),
	statement: optionalText({ max: FIELD_LIMITS.vote.statement, multiline: true })
};

export const pollForm = {
	pollId: fromPage(requiredId())
};

/**
 * Asking to speak: the button pressed says for, against, or neither (no kind: an ordinary
 * request); a point of order may say why. Whether the sitting offers a kind is the command's
 * to decide, as is a reason given with anything but a point of order.
 */
export const requestToSpeakForm = {
	kind: optionalChoice(SPEAKER_KINDS),
	reason: optionalText({ max: FIELD_LIMITS.speakers.reason })
};

export const pointOfOrderForm = {
	reason: optionalText({ max: FIELD_LIMITS.speakers.reason })
};

/** What was counted in the room, per choice; the page shows the fields of its poll's kind. */
export const roomCountForm = {
	pollId: fromPage(requiredId()),
	yes: optionalCount(ROOM_COUNT),
	no: optionalCount(ROOM_COUNT),
	abstain: optionalCount(ROOM_COUNT),
	agree: optionalCount(ROOM_COUNT),
	concerns: optionalCount(ROOM_COUNT),
	object: optionalCount(ROOM_COUNT)
};
