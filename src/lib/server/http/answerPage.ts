import type { AnswerPage } from '../queries/invitationAnswers';

/**
 * Leichte Sprache when the person prefers it, unless the address asks otherwise
 * (`?sprache=einfach` / `?sprache=standard`: the link to switch, and whoever reads along).
 */
export function easyWanted(url: URL, prefersEasy: boolean): boolean {
	const asked = url.searchParams.get('sprache');
	return asked === 'einfach' ? true : asked === 'standard' ? false : prefersEasy;
}

/** What the answer page shows: the invitation's date and answer, never an id the page does not need. */
export function answerPageData(page: AnswerPage, easy: boolean) {
	return {
		easy,
		conferenceName: page.conferenceName,
		personName: page.personName,
		date: page.date,
		answerUntil: page.answerUntil,
		closed: page.closed,
		answer: page.answer,
		place: page.place,
		waitingPosition: page.waitingPosition,
		needs: page.needs
	};
}
