import { FIELD_LIMITS } from '$lib/fieldLimits';
import { NEEDS_WITH_DETAIL, RSVP_ANSWERS, SUPPORT_NEEDS, type SupportNeed } from '$lib/domain/members';
import type { NeedInput } from '../commands/answerInvitation';
import { checkbox, choice, fromPage, optionalText, requiredId, type Field } from './fields';

const needFields = Object.fromEntries(SUPPORT_NEEDS.map((need) => [`need_${need}`, checkbox()])) as Record<`need_${SupportNeed}`, Field<boolean>>;
const detailFields = Object.fromEntries(NEEDS_WITH_DETAIL.map((need) => [`detail_${need}`, optionalText({ max: FIELD_LIMITS.rsvp.detail })])) as Record<
	`detail_${'dietary' | 'other'}`,
	Field<string | null>
>;

/** The answer page: yes, no or maybe, and the needs for this date (a box each; a word of detail for food and anything else). */
export const rsvpForm = { answer: choice(RSVP_ANSWERS), ...needFields, ...detailFields };

/** The office records an answer on someone's behalf (a phone call), from the logistics view. */
export const rsvpOnBehalfForm = { invitationId: fromPage(requiredId()), ...rsvpForm };

type RsvpData = { [K in keyof typeof rsvpForm]: (typeof rsvpForm)[K] extends Field<infer T> ? T : never };

/** The ticked needs, each with its detail where it takes one. A detail typed without its box ticked counts as the box. */
export function needsFromForm(data: RsvpData): NeedInput[] {
	const detail = (need: SupportNeed) => (need === 'dietary' ? data.detail_dietary : need === 'other' ? data.detail_other : null);
	return SUPPORT_NEEDS.filter((need) => data[`need_${need}`] || detail(need)).map((need) => ({ need, detail: detail(need) }));
}
