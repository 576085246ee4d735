import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { CONFERENCE_ROLES } from '$lib/domain/roles';
import { getDb } from '$lib/server/db';
import { abilities, authorize } from '$lib/server/policies';
import { assignConferenceRole } from '$lib/server/commands/assignConferenceRole';
import { issueAccessLink } from '$lib/server/commands/issueAccessLink';
import { recordSupportProfile } from '$lib/server/commands/recordSupportProfile';
import { removeConferenceRole } from '$lib/server/commands/removeConferenceRole';
import { revokeAccessLink } from '$lib/server/commands/revokeAccessLink';
import { updatePerson } from '$lib/server/commands/updatePerson';
import { buildAccessCard } from '$lib/server/auth/accessCard';
import { checkbox, choice, optionalFutureDate, requiredText } from '$lib/server/forms/fields';
import { personForm, roleForm } from '$lib/server/forms/person';
import { invalid, parseForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';
import { getConference } from '$lib/server/queries/conferences';
import {
	auditForSubject,
	getPersonDetail,
	getSupportProfile,
	listAccessLinks,
	listVotingMembers,
	namesInAudit
} from '$lib/server/queries/people';

export const load: PageServerLoad = ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId, personId: params.personId };
	authorize(locals.actor, 'person.view', subject);
	const db = getDb();
	const detail = getPersonDetail(db, params.conferenceId, params.personId);
	if (!detail) error(404, { message: 'not_found' });
	const can = abilities(locals.actor, subject, [
		'person.update',
		'person.viewSupport',
		'person.updateSupport',
		'accessLink.manage',
		'conferenceRole.assign'
	] as const);
	const history = can['person.update'] ? auditForSubject(db, params.conferenceId, 'person', params.personId) : [];
	return {
		...detail,
		can,
		links: can['accessLink.manage'] ? listAccessLinks(db, params.conferenceId, params.personId) : [],
		support: can['person.viewSupport'] ? (getSupportProfile(db, params.conferenceId, params.personId) ?? null) : null,
		votingMembers: can['conferenceRole.assign']
			? listVotingMembers(db, params.conferenceId).filter((p) => p.id !== params.personId)
			: [],
		history,
		names: namesInAudit(db, history)
	};
};

function subjectOf({ params }: RequestEvent) {
	return { conferenceId: params.conferenceId, personId: params.personId };
}

export const actions: Actions = {
	update: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, personForm);
		if (!parsed.ok) return invalid(parsed, { action: 'update' });
		try {
			updatePerson(getDb(), event.locals.actor, { ...subjectOf(event), ...parsed.data });
		} catch (e) {
			return refused(e, form, { action: 'update' });
		}
		return { action: 'update', saved: true };
	},

	assignRole: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, roleForm);
		if (!parsed.ok) return invalid(parsed, { action: 'assignRole' });
		try {
			assignConferenceRole(getDb(), event.locals.actor, { ...subjectOf(event), ...parsed.data });
		} catch (e) {
			return refused(e, form, { action: 'assignRole' });
		}
		return { action: 'assignRole', saved: true };
	},

	removeRole: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, { role: choice(CONFERENCE_ROLES) });
		if (!parsed.ok) return invalid(parsed, { action: 'removeRole' });
		try {
			removeConferenceRole(getDb(), event.locals.actor, { ...subjectOf(event), role: parsed.data.role });
		} catch (e) {
			return refused(e, form, { action: 'removeRole' });
		}
		return { action: 'removeRole', saved: true };
	},

	issueLink: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, { linkExpiresAt: optionalFutureDate() });
		if (!parsed.ok) return invalid(parsed, { action: 'issueLink' });
		const db = getDb();
		let issued;
		try {
			issued = issueAccessLink(db, event.locals.actor, { ...subjectOf(event), expiresAt: parsed.data.linkExpiresAt });
		} catch (e) {
			return refused(e, form, { action: 'issueLink' });
		}
		const detail = getPersonDetail(db, event.params.conferenceId, event.params.personId)!;
		const card = await buildAccessCard({
			origin: event.url.origin,
			token: issued.token,
			personName: detail.person.displayName,
			conference: getConference(db, event.params.conferenceId)!,
			expiresAt: issued.link.expiresAt
		});
		return { action: 'issueLink', card };
	},

	revokeLink: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, { linkId: requiredText({ max: 64 }) });
		if (!parsed.ok) return invalid(parsed, { action: 'revokeLink' });
		try {
			revokeAccessLink(getDb(), event.locals.actor, { ...subjectOf(event), linkId: parsed.data.linkId });
		} catch (e) {
			return refused(e, form, { action: 'revokeLink' });
		}
		return { action: 'revokeLink', saved: true };
	},

	support: async (event) => {
		const form = await event.request.formData();
		const parsed = parseForm(form, {
			consent: checkbox(),
			selfAdvocate: checkbox(),
			needsSignLanguage: checkbox(),
			needsStepFreeAccess: checkbox(),
			needsCompanion: checkbox()
		});
		if (!parsed.ok) return invalid(parsed, { action: 'support' });
		try {
			recordSupportProfile(getDb(), event.locals.actor, { ...subjectOf(event), ...parsed.data });
		} catch (e) {
			return refused(e, form, { action: 'support' });
		}
		return { action: 'support', saved: true };
	}
};
