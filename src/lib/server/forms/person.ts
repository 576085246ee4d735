import { CONFERENCE_ROLES, LOCALES, MEMBER_STATUSES } from '$lib/domain/roles';
import { checkbox, choice, optionalChoice, optionalEmail, optionalId, optionalText, requiredText } from './fields';

export const personForm = {
	displayName: requiredText({ max: 120 }),
	email: optionalEmail(),
	organisation: optionalText({ max: 200 }),
	preferredLocale: choice(LOCALES),
	prefersEasyLanguage: checkbox()
};

export const roleForm = {
	role: choice(CONFERENCE_ROLES),
	memberStatus: optionalChoice(MEMBER_STATUSES),
	deputyForPersonId: optionalId()
};
