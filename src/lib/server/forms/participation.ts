import { FIELD_LIMITS } from '$lib/fieldLimits';
import { optionalText, requiredText } from './fields';

const max = FIELD_LIMITS.participation;

/** "Mitmachen": the office's words, standard German required, Leichte Sprache optional; costs empty when taking part is free. */
export const participationForm = {
	whoCanJoin: requiredText({ max: max.whoCanJoin, multiline: true }),
	howToJoin: requiredText({ max: max.howToJoin, multiline: true }),
	whoCanJoinEasy: optionalText({ max: max.whoCanJoinEasy, multiline: true }),
	howToJoinEasy: optionalText({ max: max.howToJoinEasy, multiline: true }),
	costs: optionalText({ max: max.costs, multiline: true })
};
