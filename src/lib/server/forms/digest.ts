import { FIELD_LIMITS } from '$lib/fieldLimits';
import { SUGGESTION_KINDS } from '../newsletter/suggestions/types';
import { choice, fromPage, optionalId, requiredId, requiredText } from './fields';

export const createDigestForm = {
	title: requiredText({ max: FIELD_LIMITS.digest.title })
};

/** The draft's title and audience: empty audience means every subscriber of the conference. */
export const updateDigestForm = {
	title: requiredText({ max: FIELD_LIMITS.digest.title }),
	audienceGroupId: optionalId()
};

/** The "Einfügen" button next to a suggestion names it itself. */
export const insertSuggestionForm = {
	sourceKind: fromPage(choice(SUGGESTION_KINDS)),
	sourceId: fromPage(requiredId())
};
