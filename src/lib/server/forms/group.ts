import { GROUP_ROLES } from '$lib/domain/roles';
import { choice, optionalId, optionalText, requiredText } from './fields';

export const groupForm = {
	name: requiredText({ max: 200 }),
	description: optionalText({ max: 4000, multiline: true })
};

export const groupRoleForm = {
	personId: optionalId(),
	role: choice(GROUP_ROLES)
};
