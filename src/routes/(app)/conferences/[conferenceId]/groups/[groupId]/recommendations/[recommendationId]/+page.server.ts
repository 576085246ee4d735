import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { recommendationDoc } from '$lib/collab/recommendationDoc';
import { isEditable, isPublic, nextSteps } from '$lib/recommendations/status';
import { calendarDayInZone } from '$lib/domain/time';
import { getData } from '$lib/server/db/data';
import { abilities, authorize, can as allowed } from '$lib/server/policies';
import { docAccess } from '$lib/server/collab/access';
import { signedIn } from '$lib/server/http/signedIn';
import { handleForm } from '$lib/server/forms/action';
import {
	implementationReportForm,
	recommendationDecideForm,
	recommendationForwardForm,
	recommendationScheduleForm,
	recommendationStepForm
} from '$lib/server/forms/recommendation';
import { agreeOnRecommendation } from '$lib/server/commands/agreeOnRecommendation';
import { reopenRecommendation } from '$lib/server/commands/reopenRecommendation';
import { submitRecommendation } from '$lib/server/commands/submitRecommendation';
import { scheduleRecommendation } from '$lib/server/commands/scheduleRecommendation';
import { decideRecommendation } from '$lib/server/commands/decideRecommendation';
import { forwardRecommendation } from '$lib/server/commands/forwardRecommendation';
import { reportImplementation } from '$lib/server/commands/reportImplementation';
import {
	agendaItemsForScheduling,
	getRecommendation,
	implementationReports,
	plenaryLink,
	recommendationHistory,
	currentRecommendationTexts,
	resolutionsForItem
} from '$lib/server/queries/recommendations';
import { easyTextLink } from '$lib/server/queries/easyTexts';
import { checkedEasyVersion } from '$lib/server/easy/versions';
import { recommendationText } from '$lib/easy/standardTexts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const found = await getRecommendation(data, params.conferenceId, params.recommendationId);
	if (!found || found.recommendation.groupId !== params.groupId) error(404, { message: 'not_found' });
	const row = found.recommendation;
	const subject = { conferenceId: row.conferenceId, groupId: row.groupId, status: row.status };
	authorize(locals.actor, 'recommendation.view', subject);
	const can = abilities(locals.actor, subject, [
		'recommendation.advance',
		'recommendation.schedule',
		'recommendation.decide',
		'recommendation.forward',
		'recommendation.report'
	] as const);
	const steps = nextSteps(row.status);
	const docName = recommendationDoc(row.id);
	const link = await plenaryLink(data, row);
	const { texts, broken } = await currentRecommendationTexts(data, row);
	return {
		easyText: await easyTextLink(data, locals.actor, params.conferenceId, 'recommendation', row.id),
		// Guests read adopted recommendations but do not open the groups: they go back to the list instead.
		group: { id: row.groupId, canView: allowed(locals.actor, 'group.view', subject) },
		recommendation: { id: row.id, status: row.status, groupName: found.groupName, statusChangedAt: row.statusChangedAt, isPublic: isPublic(row.status) },
		texts,
		easy: await checkedEasyVersion(data, 'recommendation', row.id, recommendationText(texts)),
		// Editable texts are shown in the live editor; the document server enforces the same rule.
		live: isEditable(row.status) ? { docName, canWrite: (await docAccess(data, locals.actor, docName)) === 'write', broken } : null,
		userName: signedIn(locals).person.displayName,
		steps: {
			agree: can['recommendation.advance'] && steps.includes('agree'),
			reopen: can['recommendation.advance'] && steps.includes('reopen'),
			submit: can['recommendation.advance'] && steps.includes('submit'),
			// Which sitting an agreed recommendation goes to: whoever runs the plenary and the steering group.
			schedule: can['recommendation.schedule'] && steps.includes('schedule'),
			decide: can['recommendation.decide'] && steps.includes('decide'),
			forward: can['recommendation.forward'] && steps.includes('forward'),
			report: can['recommendation.report'] && steps.includes('report')
		},
		plenary: link,
		agendaItems: can['recommendation.schedule'] && steps.includes('schedule') ? await agendaItemsForScheduling(data, row.conferenceId) : [],
		resolutions:
			can['recommendation.decide'] && steps.includes('decide') && row.sessionId && row.agendaItemId
				? await resolutionsForItem(data, row.sessionId, row.agendaItemId)
				: [],
		currentAgendaItem: row.sessionId && row.agendaItemId ? `${row.sessionId}/${row.agendaItemId}` : '',
		history: await recommendationHistory(data, row.id),
		reports: await implementationReports(data, row.id),
		today: calendarDayInZone(new Date())
	};
};

const ref = ({ params }: RequestEvent) => ({ conferenceId: params.conferenceId, recommendationId: params.recommendationId });

export const actions: Actions = {
	agree: (event) =>
		handleForm(event.request, 'agree', recommendationStepForm, async () => void (await agreeOnRecommendation(getData(), event.locals.actor, ref(event)))),
	reopen: (event) =>
		handleForm(event.request, 'reopen', recommendationStepForm, async () => void (await reopenRecommendation(getData(), event.locals.actor, ref(event)))),
	submit: (event) =>
		handleForm(event.request, 'submit', recommendationStepForm, async () => void (await submitRecommendation(getData(), event.locals.actor, ref(event)))),
	schedule: (event) =>
		handleForm(event.request, 'schedule', recommendationScheduleForm, async (data) => {
			await scheduleRecommendation(getData(), event.locals.actor, { ...ref(event), ...data.agendaItem });
		}),
	decide: (event) =>
		handleForm(event.request, 'decide', recommendationDecideForm, async (data) => {
			await decideRecommendation(getData(), event.locals.actor, { ...ref(event), ...data });
		}),
	forward: (event) =>
		handleForm(event.request, 'forward', recommendationForwardForm, async (data) => {
			await forwardRecommendation(getData(), event.locals.actor, { ...ref(event), ...data });
		}),
	report: (event) =>
		handleForm(event.request, 'report', implementationReportForm, async (data) => {
			await reportImplementation(getData(), event.locals.actor, { ...ref(event), ...data });
		})
};
