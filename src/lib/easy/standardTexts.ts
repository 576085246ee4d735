/**
 * The standard texts easy versions are written from, as the easy pages show them when no easy
 * version exists, and as passed to `easyVersionsOf` to notice a text that changed since.
 * The editor that writes the versions must fingerprint the same text.
 */
export function agendaItemText(item: { title: string; description: string }): string {
	return item.description ? `${item.title}\n${item.description}` : item.title;
}

export function meetingText(meeting: { title: string; agenda: string[] }): string {
	return [meeting.title, ...meeting.agenda].join('\n');
}

export function sessionText(session: { title: string }): string {
	return session.title;
}
