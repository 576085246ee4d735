import { GROUP_KINDS, GROUP_ROLES } from '$lib/domain/roles';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { choice, fromPage, optionalChoice, optionalText, requiredId, requiredText } from './fields';

export const groupForm = {
	name: requiredText({ max: FIELD_LIMITS.group.name }),
	description: optionalText({ max: FIELD_LIMITS.group.description, multiline: true }),
	/** Shown only to those who may set it (see updateWorkingGroup); absent means unchanged, or a working group when created. */
	kind: optionalChoice(GROUP_KINDS)
};

/** Giving a role: the person and the role are picked from lists. */
export const groupRoleForm = {
	personId: requiredId(),
	role: choice(GROUP_ROLES)
};

/** Taking a role back: a button next to the role, which names the person and the role itself. */
export const groupRoleRemovalForm = {
	personId: fromPage(requiredId()),
	role: fromPage(choice(GROUP_ROLES))
};
