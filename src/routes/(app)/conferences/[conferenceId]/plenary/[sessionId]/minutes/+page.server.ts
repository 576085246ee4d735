import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { plenaryDoc, sittingMinutesDoc } from '$lib/collab/docNames';
import { readAgenda } from '$lib/plenary/agenda';
import { abilities, authorize } from '$lib/server/policies';
import { readDocumentUnlessBrokenOn } from '$lib/server/collab/readDocument';
import { getPlenarySessionOn } from '$lib/server/queries/plenary';
import { currentSittingMinutes, listSittingMinutesVersions, minuteTakerCandidates, sittingMinutesOverview } from '$lib/server/queries/sittingMinutes';
import { sittingResolutionsOn } from '$lib/server/sittingMinutes/state';
import { handleForm } from '$lib/server/forms/action';
import { approveMinutesForm, circulateMinutesForm, minutesStepForm, sittingMinuteTakerForm } from '$lib/server/forms/minutes';
import { assignSittingMinuteTaker } from '$lib/server/commands/assignSittingMinuteTaker';
import { circulateSittingMinutes } from '$lib/server/commands/circulateSittingMinutes';
import { returnSittingMinutesToDraft } from '$lib/server/commands/returnSittingMinutesToDraft';
import { approveSittingMinutes } from '$lib/server/commands/approveSittingMinutes';
import { CommandError } from '$lib/server/commands/support/errors';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const session = await getPlenarySessionOn(data, params.conferenceId, params.sessionId);
	if (!session) error(404, { message: 'not_found' });
	const overview = await sittingMinutesOverview(data, session.id);
	const subject = { conferenceId: params.conferenceId, sessionId: session.id, minuteTakerPersonId: overview.minuteTakerPersonId, status: overview.status };
	// This page decides its own permission: a data request for it skips every layout.
	authorize(locals.actor, 'sittingMinutes.view', subject);
	const can = abilities(locals.actor, subject, [
		'sittingMinutes.edit',
		'sittingMinutes.circulate',
		'sittingMinutes.returnToDraft',
		'sittingMinutes.approve',
		'sittingMinutes.assignMinuteTaker'
	] as const);
	const agenda =
		(await readDocumentUnlessBrokenOn(data, plenaryDoc(session.id), (doc) =>
			readAgenda(doc)
				.filter((item) => item.type !== 'break')
				.map((item) => item.title)
		)) ?? [];
	const keeps = can['sittingMinutes.edit'] || can['sittingMinutes.approve'] || can['sittingMinutes.assignMinuteTaker'];
	return {
		session: { id: session.id, title: session.title, startsAt: session.startsAt, place: session.place },
		minutes: {
			docName: sittingMinutesDoc(session.id),
			status: overview.status,
			minuteTakerPersonId: overview.minuteTakerPersonId,
			minuteTakerName: overview.minuteTakerName,
			correctionsUntil: overview.correctionsUntil,
			circulatedAt: overview.circulatedAt,
			approvedAt: overview.approvedAt,
			approvedByName: overview.approvedByName,
			record: overview.record,
			// Approved minutes are read from their record; others from the document as it stands.
			current: overview.status === 'approved' ? null : await currentSittingMinutes(data, session.id)
		},
		agenda,
		resolutions: overview.status === 'approved' ? [] : await sittingResolutionsOn(data, session.id),
		candidates: can['sittingMinutes.assignMinuteTaker'] ? await minuteTakerCandidates(data, params.conferenceId) : [],
		versions: keeps ? await listSittingMinutesVersions(data, session.id) : [],
		can,
		userName: locals.person?.displayName ?? ''
	};
};

const subjectOf = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, sessionId: params.sessionId });

export const actions: Actions = {
	assignMinuteTaker: (event) =>
		handleForm(event.request, 'assignMinuteTaker', sittingMinuteTakerForm, async (data) => {
			await assignSittingMinuteTaker(getData(), event.locals.actor, { ...subjectOf(event), personId: data.personId });
		}),
	circulate: (event) =>
		handleForm(event.request, 'circulate', circulateMinutesForm, async (data) => {
			const { mailed } = await circulateSittingMinutes(getData(), event.locals.actor, {
				...subjectOf(event),
				correctionsUntil: data.correctionsUntil,
				origin: event.url.origin
			});
			return { mailed };
		}),
	returnToDraft: (event) =>
		handleForm(event.request, 'returnToDraft', minutesStepForm, () =>
			returnSittingMinutesToDraft(getData(), event.locals.actor, subjectOf(event)).then(() => undefined)
		),
	approve: (event) =>
		handleForm(event.request, 'approve', approveMinutesForm, async (data) => {
			if (!data.confirm) throw new CommandError('minutes_approval_not_confirmed', 'confirm');
			await approveSittingMinutes(getData(), event.locals.actor, subjectOf(event));
		})
};
