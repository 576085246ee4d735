import { FIELD_LIMITS } from '$lib/fieldLimits';
import type { FeedbackInput } from '../commands/submitAccessibilityFeedback';
import { fromPage, honeypot, optionalEmail, optionalId, optionalText, requiredId, requiredText } from './fields';
import type { Parsed } from './parse';

export { FEEDBACK_MESSAGE_MAX } from '../../accessibility/limits';

/**
 * The public feedback form of the accessibility statement. `website` is the honeypot: a name
 * robots like to fill in, hidden from people (see the page).
 */
export const feedbackForm = {
	message: requiredText({ max: FIELD_LIMITS.feedback.message, multiline: true }),
	name: optionalText({ max: FIELD_LIMITS.feedback.name }),
	email: optionalEmail(),
	pageUrl: optionalText({ max: FIELD_LIMITS.feedback.pageUrl }),
	conferenceId: optionalId(),
	website: honeypot()
};

export function toFeedbackInput(data: Extract<Parsed<typeof feedbackForm>, { ok: true }>['data']): FeedbackInput {
	return {
		message: data.message,
		name: data.name,
		email: data.email,
		pageUrl: data.pageUrl,
		conferenceId: data.conferenceId,
		trap: data.website
	};
}

/** Marking one entry of an inbox answered. */
export const answerFeedbackForm = {
	feedbackId: fromPage(requiredId()),
	note: requiredText({ max: FIELD_LIMITS.answerFeedback.note, multiline: true })
};
