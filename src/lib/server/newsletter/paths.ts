import type { Edition } from '../db/schema';

/** The public archive of a conference's newsletter (no sign-in). */
export const newsletterArchivePath = (conferenceId: string) => `/oeffentlich/${conferenceId}/newsletter`;

/** The Atom feed of the published issues. */
export const newsletterFeedPath = (conferenceId: string) => `${newsletterArchivePath(conferenceId)}/feed.xml`;

/** One published issue's public page; the easy edition is the same page with `?ausgabe=einfach`. */
export function digestPublicPath(conferenceId: string, digestId: string, edition: Edition = 'standard'): string {
	return `${newsletterArchivePath(conferenceId)}/${digestId}${edition === 'easy' ? '?ausgabe=einfach' : ''}`;
}
