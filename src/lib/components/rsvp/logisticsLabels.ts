import { m } from '$lib/paraglide/messages';
import type { RsvpAnswer, SupportNeed } from '$lib/domain/members';
import { rsvpWords } from './words';

/** The office's words for an answer (an open invitation included). */
export const answerLabel = (answer: RsvpAnswer | null) =>
	answer === 'yes'
		? m.rsvp_logistics_answer_yes()
		: answer === 'no'
			? m.rsvp_logistics_answer_no()
			: answer === 'maybe'
				? m.rsvp_logistics_answer_maybe()
				: m.rsvp_logistics_answer_open();

/** A need as the office reads it: the answer page's everyday label. */
export const needLabel = (need: SupportNeed) => rsvpWords(false).need(need);
