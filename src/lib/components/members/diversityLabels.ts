import { m } from '$lib/paraglide/messages';
import type { AgeBand, ExperienceAnswer, Gender } from '$lib/domain/members';

/** The questions of the self-description, keyed as the form and the aggregates name them. */
export const QUESTION_LABELS: Record<string, () => string> = {
	ageBand: m.members_q_age,
	gender: m.members_q_gender,
	disability: m.members_q_disability,
	chronicIllness: m.members_q_chronic_illness,
	psychiatric: m.members_q_psychiatric,
	migration: m.members_q_migration,
	caringRelative: m.members_q_caring_relative
};

export const AGE_LABELS: Record<AgeBand, () => string> = {
	under_30: m.members_age_under_30,
	'30_to_49': m.members_age_30_to_49,
	'50_to_64': m.members_age_50_to_64,
	'65_plus': m.members_age_65_plus,
	no_answer: m.members_no_answer
};

export const GENDER_LABELS: Record<Gender, () => string> = {
	woman: m.members_gender_woman,
	man: m.members_gender_man,
	diverse: m.members_gender_diverse,
	no_answer: m.members_no_answer
};

export const EXPERIENCE_LABELS: Record<ExperienceAnswer, () => string> = {
	yes: m.members_answer_yes,
	no: m.members_answer_no,
	no_answer: m.members_no_answer
};

/** The label of one answer to one question. */
export function answerLabel(question: string, answer: string): string {
	if (question === 'ageBand') return AGE_LABELS[answer as AgeBand]();
	if (question === 'gender') return GENDER_LABELS[answer as Gender]();
	return EXPERIENCE_LABELS[answer as ExperienceAnswer]();
}
