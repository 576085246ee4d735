import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { toDateTimeLocalValue } from '$lib/domain/time';
import { abilities, authorize } from '$lib/server/policies';
import { meetingSubject } from '$lib/server/policies';
import { updateGroupMeeting } from '$lib/server/commands/updateGroupMeeting';
import { markMeetingPresent } from '$lib/server/commands/markMeetingPresent';
import { removeMeetingAttendance } from '$lib/server/commands/removeMeetingAttendance';
import { handleForm } from '$lib/server/forms/action';
import { agendaPoints, meetingAttendanceForm, meetingForm } from '$lib/server/forms/meeting';
import { getGroup } from '$lib/server/queries/groups';
import { getGroupMeeting, meetingAttendanceList } from '$lib/server/queries/meetings';
import { currentMinutes, minutesOverview } from '$lib/server/queries/minutes';
import { easyTextLink } from '$lib/server/queries/easyTexts';
import { approveMinutes } from '$lib/server/commands/approveMinutes';
import { circulateMinutes } from '$lib/server/commands/circulateMinutes';
import { returnMinutesToDraft } from '$lib/server/commands/returnMinutesToDraft';
import { saveMinutesVersion } from '$lib/server/commands/saveMinutesVersion';
import { approveMinutesForm, circulateMinutesForm, minutesStepForm } from '$lib/server/forms/minutes';
import { CommandError } from '$lib/server/commands/support/errors';
import { minutesDoc } from '$lib/collab/docNames';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const group = await getGroup(data, params.conferenceId, params.groupId);
	const meeting = group ? await getGroupMeeting(data, group.id, params.meetingId) : undefined;
	if (!group || !meeting) error(404, { message: 'not_found' });
	const subject = meetingSubject(params.conferenceId, meeting);
	authorize(locals.actor, 'meeting.view', subject);
	const can = abilities(locals.actor, subject, ['meeting.update', 'meetingAttendance.record'] as const);
	const attendance = await meetingAttendanceList(data, group.id, meeting.id);
	const overview = await minutesOverview(getData(), meeting.id);
	const minutesSubject = { ...subject, status: overview.status };
	const minutesCan = abilities(locals.actor, minutesSubject, [
		'minutes.read',
		'minutes.edit',
		'minutes.viewVersions',
		'minutes.saveVersion',
		'minutes.circulate',
		'minutes.returnToDraft',
		'minutes.approve'
	] as const);
	// Approved minutes are read from their record; others from the document as stored now.
	const current = minutesCan['minutes.read'] && overview.status !== 'approved' ? await currentMinutes(getData(), meeting.id) : null;
	return {
		easyTexts: {
			meeting: await easyTextLink(data, locals.actor, params.conferenceId, 'group_meeting', meeting.id),
			minutes: overview.status === 'approved' ? await easyTextLink(data, locals.actor, params.conferenceId, 'minutes', meeting.id) : null
		},
		group: { id: group.id, name: group.name },
		meeting: {
			id: meeting.id,
			title: meeting.title,
			startsAt: meeting.startsAt,
			durationMinutes: meeting.durationMinutes,
			place: meeting.place,
			videoUrl: meeting.videoUrl,
			agenda: meeting.agenda,
			moderatorName: meeting.moderatorName,
			minuteTakerName: meeting.minuteTakerName
		},
		// What the edit form starts with.
		editValues: can['meeting.update']
			? {
					title: meeting.title,
					startsAt: toDateTimeLocalValue(meeting.startsAt),
					durationMinutes: String(meeting.durationMinutes),
					place: meeting.place ?? '',
					videoUrl: meeting.videoUrl ?? '',
					agenda: meeting.agenda.join('\n'),
					moderatorPersonId: meeting.moderatorPersonId ?? '',
					minuteTakerPersonId: meeting.minuteTakerPersonId ?? ''
				}
			: null,
		members: attendance.map(({ personId, displayName }) => ({ personId, displayName })),
		// Who was there is for those who keep the list, and for the group itself to see.
		attendance,
		can,
		minutes: {
			docName: minutesDoc(meeting.id),
			status: overview.status,
			circulatedAt: overview.circulatedAt,
			correctionsUntil: overview.correctionsUntil,
			approvedAt: overview.approvedAt,
			approvedByName: overview.approvedByName,
			record: minutesCan['minutes.read'] ? overview.record : null,
			current,
			can: minutesCan
		},
		userName: locals.person?.displayName ?? ''
	};
};

const subjectOf = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, groupId: params.groupId, meetingId: params.meetingId });

export const actions: Actions = {
	update: (event) =>
		handleForm(event.request, 'update', meetingForm, async (data) => {
			await updateGroupMeeting(getData(), event.locals.actor, { ...subjectOf(event), ...data, agenda: agendaPoints(data.agenda) });
		}),
	markPresent: (event) =>
		handleForm(event.request, 'markPresent', meetingAttendanceForm, async (data) => {
			await markMeetingPresent(getData(), event.locals.actor, { ...subjectOf(event), ...data, origin: event.url.origin });
		}),
	circulateMinutes: (event) =>
		handleForm(event.request, 'circulateMinutes', circulateMinutesForm, (data) =>
			circulateMinutes(getData(), event.locals.actor, { ...subjectOf(event), correctionsUntil: data.correctionsUntil, origin: event.url.origin }).then(
				() => undefined
			)
		),
	returnMinutesToDraft: (event) =>
		handleForm(event.request, 'returnMinutesToDraft', minutesStepForm, () =>
			returnMinutesToDraft(getData(), event.locals.actor, subjectOf(event)).then(() => undefined)
		),
	approveMinutes: (event) =>
		handleForm(event.request, 'approveMinutes', approveMinutesForm, async (data) => {
			if (!data.confirm) throw new CommandError('minutes_approval_not_confirmed', 'confirm');
			await approveMinutes(getData(), event.locals.actor, subjectOf(event));
		}),
	saveMinutesVersion: (event) =>
		handleForm(event.request, 'saveMinutesVersion', minutesStepForm, async () => {
			const version = await saveMinutesVersion(getData(), event.locals.actor, subjectOf(event));
			return { versionNumber: version.number };
		}),
	removeAttendance: (event) =>
		handleForm(event.request, 'removeAttendance', meetingAttendanceForm, async (data) => {
			await removeMeetingAttendance(getData(), event.locals.actor, { ...subjectOf(event), ...data, origin: event.url.origin });
		})
};
