import { CONFERENCE_ROLES, LOCALES, MEMBER_STATUSES } from '$lib/domain/roles';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { checkbox, choice, optionalChoice, optionalEmail, optionalId, optionalText, requiredText } from './fields';

export const personForm = {
	displayName: requiredText({ max: FIELD_LIMITS.person.displayName }),
	email: optionalEmail(),
	organisation: optionalText({ max: FIELD_LIMITS.person.organisation }),
	preferredLocale: choice(LOCALES),
	prefersEasyLanguage: checkbox()
};

export const roleForm = {
	role: choice(CONFERENCE_ROLES),
	memberStatus: optionalChoice(MEMBER_STATUSES),
	deputyForPersonId: optionalId()
};
