import { GROUP_ROLES } from '$lib/domain/roles';
import { choice, optionalText, requiredId, requiredText } from './fields';

export const groupForm = {
	name: requiredText({ max: 200 }),
	description: optionalText({ max: 4000, multiline: true })
};

export const groupRoleForm = {
	personId: requiredId(),
	role: choice(GROUP_ROLES)
};
