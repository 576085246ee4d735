import { m } from '$lib/paraglide/messages';
import type { RsvpAnswer, RsvpPlace, SupportNeed } from '$lib/domain/members';

/**
 * The answer page's words in the register the reader asked for: everyday language, or Leichte
 * Sprache (`rsvp_easy_…`, each text checked by `checkEasyLanguage`). One shape, so the page and
 * the checklist never pick a register word by word.
 */
const needLabels: Record<SupportNeed, [() => string, () => string, () => string, () => string]> = {
	sign_language: [m.rsvp_need_sign_language, m.rsvp_need_sign_language_hint, m.rsvp_easy_need_sign_language, m.rsvp_easy_need_sign_language_hint],
	written_interpretation: [
		m.rsvp_need_written_interpretation,
		m.rsvp_need_written_interpretation_hint,
		m.rsvp_easy_need_written_interpretation,
		m.rsvp_easy_need_written_interpretation_hint
	],
	wheelchair: [m.rsvp_need_wheelchair, m.rsvp_need_wheelchair_hint, m.rsvp_easy_need_wheelchair, m.rsvp_easy_need_wheelchair_hint],
	companion: [m.rsvp_need_companion, m.rsvp_need_companion_hint, m.rsvp_easy_need_companion, m.rsvp_easy_need_companion_hint],
	easy_language_documents: [
		m.rsvp_need_easy_language_documents,
		m.rsvp_need_easy_language_documents_hint,
		m.rsvp_easy_need_easy_language_documents,
		m.rsvp_easy_need_easy_language_documents_hint
	],
	induction_loop: [m.rsvp_need_induction_loop, m.rsvp_need_induction_loop_hint, m.rsvp_easy_need_induction_loop, m.rsvp_easy_need_induction_loop_hint],
	dietary: [m.rsvp_need_dietary, m.rsvp_need_dietary_hint, m.rsvp_easy_need_dietary, m.rsvp_easy_need_dietary_hint],
	other: [m.rsvp_need_other, m.rsvp_need_other_hint, m.rsvp_easy_need_other, m.rsvp_easy_need_other_hint]
};

export function rsvpWords(easy: boolean) {
	const pick = <T>(standard: T, simple: T) => (easy ? simple : standard);
	return {
		title: pick(m.rsvp_title, m.rsvp_easy_title),
		greeting: (name: string) => pick(m.rsvp_greeting, m.rsvp_easy_greeting)({ name }),
		invited: (conference: string) => (easy ? m.rsvp_easy_invited() : m.rsvp_invited({ conference })),
		dateHeading: pick(m.rsvp_date_heading, m.rsvp_easy_date_heading),
		what: pick(m.rsvp_what, m.rsvp_easy_what),
		when: pick(m.rsvp_when, m.rsvp_easy_when),
		where: pick(m.rsvp_where, m.rsvp_easy_where),
		dateAndTime: (date: string, time: string) => pick(m.rsvp_date_and_time, m.rsvp_easy_date_and_time)({ date, time }),
		saved: pick(m.rsvp_saved, m.rsvp_easy_saved),
		current(answer: RsvpAnswer, place: RsvpPlace | null, position: number | null): string {
			if (answer === 'no') return pick(m.rsvp_current_no, m.rsvp_easy_current_no)();
			if (answer === 'maybe') return pick(m.rsvp_current_maybe, m.rsvp_easy_current_maybe)();
			if (place === 'waiting') return pick(m.rsvp_current_yes_waiting, m.rsvp_easy_current_yes_waiting)({ number: String(position ?? '') });
			return pick(m.rsvp_current_yes_seat, m.rsvp_easy_current_yes_seat)();
		},
		closed: (date: string) => pick(m.rsvp_closed, m.rsvp_easy_closed)({ date }),
		needsHeading: pick(m.rsvp_needs_heading, m.rsvp_easy_needs_heading),
		question: pick(m.rsvp_question, m.rsvp_easy_question),
		choice: (answer: RsvpAnswer) =>
			({
				yes: pick(m.rsvp_choice_yes, m.rsvp_easy_choice_yes),
				no: pick(m.rsvp_choice_no, m.rsvp_easy_choice_no),
				maybe: pick(m.rsvp_choice_maybe, m.rsvp_easy_choice_maybe)
			})[answer](),
		changeUntil: (date: string) => pick(m.rsvp_change_until, m.rsvp_easy_change_until)({ date }),
		send: pick(m.rsvp_send, m.rsvp_easy_send),
		needsQuestion: pick(m.rsvp_needs_question, m.rsvp_easy_needs_question),
		needsHint: pick(m.rsvp_needs_hint, m.rsvp_easy_needs_hint),
		need: (need: SupportNeed) => needLabels[need][easy ? 2 : 0](),
		needHint: (need: SupportNeed) => needLabels[need][easy ? 3 : 1](),
		detailLabel: (need: SupportNeed) =>
			need === 'dietary' ? pick(m.rsvp_detail_dietary, m.rsvp_easy_detail_dietary)() : pick(m.rsvp_detail_other, m.rsvp_easy_detail_other)()
	};
}
