import { m } from '$lib/paraglide/messages';
import { IMPLEMENTATION_STATES, PLENARY_OUTCOMES } from '$lib/recommendations/status';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { choice, optionalId, optionalText, requiredDay, requiredText, type Field } from './fields';

export const recommendationCreateForm = {
	title: requiredText({ max: FIELD_LIMITS.recommendationCreate.title })
};

/** The group's steps carry nothing but the button. */
export const recommendationStepForm = {};

/** One choice names both the sitting and its agenda item: `<sessionId>/<agendaItemId>`. */
function agendaItemChoice(): Field<{ sessionId: string; agendaItemId: string }> {
	return {
		parse(raw) {
			const value = typeof raw === 'string' ? raw.trim() : '';
			if (!value) return { ok: false, message: m.form_choose() };
			const match = /^([a-z0-9]{1,64})\/([a-z0-9]{1,64})$/.exec(value);
			if (!match) return { ok: false, message: m.form_choice_invalid() };
			return { ok: true, value: { sessionId: match[1], agendaItemId: match[2] } };
		}
	};
}

export const recommendationScheduleForm = {
	agendaItem: agendaItemChoice()
};

export const recommendationDecideForm = {
	outcome: choice(PLENARY_OUTCOMES),
	resolutionId: optionalId(),
	note: optionalText({ max: FIELD_LIMITS.recommendationDecide.note, multiline: true })
};

export const recommendationForwardForm = {
	body: requiredText({ max: FIELD_LIMITS.recommendationForward.body }),
	forwardedOn: requiredDay(),
	note: optionalText({ max: FIELD_LIMITS.recommendationForward.note, multiline: true })
};

export const implementationReportForm = {
	state: choice(IMPLEMENTATION_STATES),
	note: requiredText({ max: FIELD_LIMITS.implementationReport.note, multiline: true }),
	reportedOn: requiredDay()
};
