import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/db';
import { abilities, authorize } from '$lib/server/policies';
import { assignGroupRole, removeGroupRole } from '$lib/server/commands/assignGroupRole';
import { updateWorkingGroup } from '$lib/server/commands/updateWorkingGroup';
import { groupForm, groupRoleForm } from '$lib/server/forms/group';
import { invalid, parseForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';
import { m } from '$lib/paraglide/messages';
import { getGroup, listGroupMembers } from '$lib/server/queries/groups';
import { listConferencePeople } from '$lib/server/queries/people';

export const load: PageServerLoad = ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId, groupId: params.groupId };
	const db = getDb();
	const group = getGroup(db, params.conferenceId, params.groupId);
	if (!group) error(404, { message: 'not_found' });
	authorize(locals.actor, 'group.view', subject);
	const can = abilities(locals.actor, subject, ['group.update', 'groupRole.assign'] as const);
	return {
		group: { id: group.id, name: group.name, description: group.description },
		members: listGroupMembers(db, group.id),
		can,
		candidates: can['groupRole.assign']
			? listConferencePeople(db, params.conferenceId).map((p) => ({ id: p.id, displayName: p.displayName }))
			: []
	};
};

const subjectOf = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, groupId: params.groupId });

export const actions: Actions = {
	update: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, groupForm);
		if (!parsed.ok) return invalid(parsed, { action: 'update' });
		try {
			updateWorkingGroup(getDb(), event.locals.actor, { ...subjectOf(event), ...parsed.data });
		} catch (e) {
			return refused(e, form, { action: 'update' });
		}
		return { action: 'update', saved: true };
	},
	assignRole: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, groupRoleForm);
		if (!parsed.ok) return invalid(parsed, { action: 'assignRole' });
		if (!parsed.data.personId) return invalid({ errors: { personId: m.form_choose() }, values: { role: parsed.data.role } }, { action: 'assignRole' });
		try {
			assignGroupRole(getDb(), event.locals.actor, { ...subjectOf(event), personId: parsed.data.personId, role: parsed.data.role });
		} catch (e) {
			return refused(e, form, { action: 'assignRole' });
		}
		return { action: 'assignRole', saved: true };
	},
	removeRole: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, groupRoleForm);
		if (!parsed.ok || !parsed.data.personId) return invalid({ errors: { form: m.form_choice_invalid() }, values: {} }, { action: 'removeRole' });
		try {
			removeGroupRole(getDb(), event.locals.actor, { ...subjectOf(event), personId: parsed.data.personId, role: parsed.data.role });
		} catch (e) {
			return refused(e, form, { action: 'removeRole' });
		}
		return { action: 'removeRole', saved: true };
	}
};
