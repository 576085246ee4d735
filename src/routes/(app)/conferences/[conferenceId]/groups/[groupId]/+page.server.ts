import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { abilities, authorize } from '$lib/server/policies';
import { assignGroupRole } from '$lib/server/commands/assignGroupRole';
import { removeGroupRole } from '$lib/server/commands/removeGroupRole';
import { updateWorkingGroup } from '$lib/server/commands/updateWorkingGroup';
import { handleForm } from '$lib/server/forms/action';
import { groupForm, groupRoleForm, groupRoleRemovalForm } from '$lib/server/forms/group';
import { getGroup, listGroupMembers } from '$lib/server/queries/groups';
import { listConferencePeople } from '$lib/server/queries/people';
import { groupNotesDoc, NOTES_TEXT } from '$lib/collab/docNames';
import { readDocumentUnlessBrokenOn } from '$lib/server/collab/readDocument';
import { signedIn } from '$lib/server/http/signedIn';
import { createGroupMeeting } from '$lib/server/commands/createGroupMeeting';
import { agendaPoints, meetingForm } from '$lib/server/forms/meeting';
import { listGroupMeetings } from '$lib/server/queries/meetings';
import { createRecommendation } from '$lib/server/commands/createRecommendation';
import { recommendationCreateForm } from '$lib/server/forms/recommendation';
import { listGroupRecommendations } from '$lib/server/queries/recommendations';
import { can as canDo } from '$lib/server/policies/can';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId, groupId: params.groupId };
	const group = await getGroup(getData(), params.conferenceId, params.groupId);
	if (!group) error(404, { message: 'not_found' });
	authorize(locals.actor, 'group.view', subject);
	const can = abilities(locals.actor, subject, [
		'group.update',
		'group.create',
		'groupRole.assign',
		'groupNotes.write',
		'meeting.create',
		'recommendation.create'
	] as const);
	const notesDoc = groupNotesDoc(group.id);
	const notes = await readDocumentUnlessBrokenOn(getData(), notesDoc, (doc) => doc.getText(NOTES_TEXT).toString());
	return {
		// Notes that cannot be opened say so where they would be; the rest of the page is as always.
		notes: { docName: notesDoc, text: notes ?? '', broken: notes === null },
		userName: signedIn(locals).person.displayName,
		group: { id: group.id, name: group.name, description: group.description, kind: group.kind },
		members: await listGroupMembers(getData(), group.id),
		meetings: await listGroupMeetings(getData(), group.id),
		// Drafts are the group's own: others of the conference see a recommendation once the group agreed on it.
		recommendations: (await listGroupRecommendations(getData(), group.id)).filter((r) =>
			canDo(locals.actor, 'recommendation.view', { ...subject, status: r.status })
		),
		can,
		candidates: can['groupRole.assign']
			? (await listConferencePeople(getData(), params.conferenceId)).map((p) => ({ id: p.id, displayName: p.displayName }))
			: []
	};
};

const subjectOf = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, groupId: params.groupId });

export const actions: Actions = {
	update: (event) =>
		handleForm(event.request, 'update', groupForm, async (data) => {
			await updateWorkingGroup(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),
	assignRole: (event) =>
		handleForm(event.request, 'assignRole', groupRoleForm, async (data) => {
			await assignGroupRole(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		}),
	createMeeting: async (event) => {
		let meetingId = '';
		const answer = await handleForm(event.request, 'createMeeting', meetingForm, async (data) => {
			meetingId = (await createGroupMeeting(getData(), event.locals.actor, { ...subjectOf(event), ...data, agenda: agendaPoints(data.agenda) })).id;
		});
		if ('saved' in answer && answer.saved)
			redirect(303, `/conferences/${event.params.conferenceId}/groups/${event.params.groupId}/meetings/${meetingId}?created`);
		return answer;
	},
	createRecommendation: async (event) => {
		let recommendationId = '';
		const answer = await handleForm(event.request, 'createRecommendation', recommendationCreateForm, async (data) => {
			recommendationId = (await createRecommendation(getData(), event.locals.actor, { ...subjectOf(event), ...data })).id;
		});
		if ('saved' in answer && answer.saved)
			redirect(303, `/conferences/${event.params.conferenceId}/groups/${event.params.groupId}/recommendations/${recommendationId}?created`);
		return answer;
	},
	removeRole: (event) =>
		handleForm(event.request, 'removeRole', groupRoleRemovalForm, async (data) => {
			await removeGroupRole(getData(), event.locals.actor, { ...subjectOf(event), ...data });
		})
};
