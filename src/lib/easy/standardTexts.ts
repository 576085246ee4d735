/**
 * The standard texts easy versions are written from: shown on the easy pages where no easy
 * version exists, and passed to `easyVersionsOf` to notice a text that changed since. They must
 * be the texts the editor fingerprints (on main: `$lib/server/easy/sources`, `joinText`), or
 * every version would look outdated; once both are merged, one definition should serve both.
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
