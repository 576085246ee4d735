import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { CONFERENCE_ROLES } from '$lib/domain/roles';
import { abilities, authorize } from '$lib/server/policies';
import { assignConferenceRole } from '$lib/server/commands/assignConferenceRole';
import { issueAccessLink } from '$lib/server/commands/issueAccessLink';
import { recordSupportProfile } from '$lib/server/commands/recordSupportProfile';
import { removeConferenceRole } from '$lib/server/commands/removeConferenceRole';
import { revokeAccessLink } from '$lib/server/commands/revokeAccessLink';
import { updatePerson } from '$lib/server/commands/updatePerson';
import { buildAccessCard } from '$lib/server/auth/accessCard';
import { handleForm } from '$lib/server/forms/action';
import { checkbox, choice, fromPage, optionalFutureDate, requiredId } from '$lib/server/forms/fields';
import { personForm, roleForm } from '$lib/server/forms/person';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { auditForSubjectOn, getPersonDetail, getSupportProfile, listAccessLinks, listVotingMembers, namesInAudit } from '$lib/server/queries/people';
import { accessLinkMailStatusOn } from '$lib/server/queries/jobs';
import { payeeOf, receivesBenefits } from '$lib/server/queries/payees';
import { updatePayee } from '$lib/server/commands/updatePayee';
import { recordSocialBenefits } from '$lib/server/commands/recordSocialBenefits';
import { eraseSocialBenefits } from '$lib/server/commands/eraseSocialBenefits';
import { payeeForm, socialBenefitsForm } from '$lib/server/forms/allowances';
import { updateMemberSeat } from '$lib/server/commands/updateMemberSeat';
import { recordDiversityProfile } from '$lib/server/commands/recordDiversityProfile';
import { eraseDiversityProfile } from '$lib/server/commands/eraseDiversityProfile';
import { diversityForm, seatForm } from '$lib/server/forms/members';
import { deputiesOf, getDiversityProfile, getMemberSeat, listSectors } from '$lib/server/queries/members';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId, personId: params.personId };
	authorize(locals.actor, 'person.view', subject);
	const data = getData();
	const detail = await getPersonDetail(data, params.conferenceId, params.personId);
	if (!detail) error(404, { message: 'not_found' });
	const can = abilities(locals.actor, subject, [
		'person.update',
		'person.viewSupport',
		'person.updateSupport',
		'accessLink.manage',
		'conferenceRole.assign',
		'payee.view',
		'payee.update',
		'socialBenefits.view',
		'socialBenefits.update',
		'member.updateSeat',
		'diversity.view',
		'diversity.record'
	] as const);
	const history = can['person.update'] ? await auditForSubjectOn(data, params.conferenceId, 'person', params.personId) : [];
	return {
		...detail,
		can,
		links: can['accessLink.manage'] ? await listAccessLinks(data, params.conferenceId, params.personId) : [],
		linkMail: can['accessLink.manage'] ? await accessLinkMailStatusOn(getData(), params.conferenceId, params.personId) : null,
		support: can['person.viewSupport'] ? ((await getSupportProfile(data, params.conferenceId, params.personId)) ?? null) : null,
		// Bank data and means are the office's alone, even on one's own page.
		payee: can['payee.view'] ? await payeeOf(data, params.conferenceId, params.personId) : null,
		benefits: can['socialBenefits.view'] ? await receivesBenefits(data, params.conferenceId, params.personId) : null,
		votingMembers: can['conferenceRole.assign'] ? (await listVotingMembers(data, params.conferenceId)).filter((p) => p.id !== params.personId) : [],
		seat: await getMemberSeat(data, params.conferenceId, params.personId),
		sectors: (await listSectors(data, params.conferenceId)).map((s) => ({ id: s.id, name: s.name })),
		deputies: await deputiesOf(data, params.conferenceId, params.personId),
		// Art. 9 data: the person and the office only.
		diversity: can['diversity.view'] ? await getDiversityProfile(data, params.conferenceId, params.personId) : null,
		history,
		names: await namesInAudit(data, history)
	};
};

const subjectOf = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, personId: params.personId });

const supportForm = {
	consent: checkbox(),
	selfAdvocate: checkbox(),
	needsSignLanguage: checkbox(),
	needsStepFreeAccess: checkbox(),
	needsCompanion: checkbox()
};

export const actions: Actions = {
	update: (event) =>
		handleForm(event.request, 'update', personForm, async (data) => {
			await updatePerson(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),

	assignRole: (event) =>
		handleForm(event.request, 'assignRole', roleForm, async (data) => {
			await assignConferenceRole(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),

	removeRole: (event) =>
		handleForm(event.request, 'removeRole', { role: fromPage(choice(CONFERENCE_ROLES)) }, async ({ role }) => {
			await removeConferenceRole(getData(), event.locals.actor, { ...subjectOf(event), role });
		}),

	/** A new link, shown once as a printable card: the token is not kept. */
	issueLink: (event) =>
		handleForm(event.request, 'issueLink', { linkExpiresAt: optionalFutureDate() }, async ({ linkExpiresAt }) => {
			const issued = await issueAccessLink(getData(), event.locals.actor, { ...subjectOf(event), expiresAt: linkExpiresAt });
			const detail = (await getPersonDetail(getData(), event.params.conferenceId, event.params.personId))!;
			const card = await buildAccessCard({
				origin: event.url.origin,
				token: issued.token,
				personName: detail.person.displayName,
				conference: (await getConferenceOn(getData(), event.params.conferenceId))!,
				expiresAt: issued.link.expiresAt
			});
			return { card };
		}),

	revokeLink: (event) =>
		handleForm(event.request, 'revokeLink', { linkId: fromPage(requiredId()) }, async ({ linkId }) => {
			await revokeAccessLink(getData(), event.locals.actor, { ...subjectOf(event), linkId });
		}),

	support: (event) =>
		handleForm(event.request, 'support', supportForm, async (data) => {
			await recordSupportProfile(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),

	payee: (event) =>
		handleForm(event.request, 'payee', payeeForm, async (data) => {
			const { claimsDrafted } = await updatePayee(getData(), event.locals.actor, { ...subjectOf(event), ...data, origin: event.url.origin });
			return { claimsDrafted: claimsDrafted.length };
		}),

	socialBenefits: (event) =>
		handleForm(event.request, 'socialBenefits', socialBenefitsForm, async (data) => {
			await recordSocialBenefits(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),

	seat: (event) =>
		handleForm(event.request, 'seat', seatForm, async (data) => {
			await updateMemberSeat(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),

	/** The office types in a signed paper form. */
	diversity: (event) =>
		handleForm(event.request, 'diversity', diversityForm, async (data) => {
			await recordDiversityProfile(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),

	/** On the person's request: the answers are deleted, the audit keeps only that they were. */
	eraseDiversity: (event) =>
		handleForm(event.request, 'eraseDiversity', {}, async () => {
			await eraseDiversityProfile(getData(), event.locals.actor, subjectOf(event));
		}),

	eraseSocialBenefits: (event) =>
		handleForm(event.request, 'eraseSocialBenefits', {}, async () => {
			await eraseSocialBenefits(getData(), event.locals.actor, subjectOf(event));
		})
};
