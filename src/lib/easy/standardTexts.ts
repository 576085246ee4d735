/**
 * The standard texts easy versions are written from: what the editor shows and fingerprints
 * (`$lib/server/easy/sources`), what the easy pages show where no easy version exists, and what
 * they pass to `easyVersionsOf` to notice a text that changed since. One definition for all, or
 * every version would look outdated on one side.
 */

/** A text as one string: its non-empty parts, one per line. */
export const joinText = (...parts: (string | null | undefined)[]) =>
	parts
		.map((part) => part?.trim())
		.filter(Boolean)
		.join('\n');

export function agendaItemText(item: { title: string; description: string }): string {
	return joinText(item.title, item.description);
}

export function meetingText(meeting: { title: string; place: string | null; agenda: string[] }): string {
	return joinText(meeting.title, meeting.place, ...meeting.agenda);
}

export function sessionText(session: { title: string; place: string | null }): string {
	return joinText(session.title, session.place);
}

export function recommendationText(texts: { title: string; problem: string; proposal: string }): string {
	return joinText(texts.title, texts.problem, texts.proposal);
}
