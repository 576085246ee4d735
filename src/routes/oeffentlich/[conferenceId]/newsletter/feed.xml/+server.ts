import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { atomFeed } from '$lib/server/newsletter/atomFeed';
import { digestPublicPath, newsletterArchivePath, newsletterFeedPath } from '$lib/server/newsletter/paths';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { publishedDigestsWithContent } from '$lib/server/queries/publishedDigests';
import { getData } from '$lib/server/db/data';

/** Feed readers ask often; the newest issues are what they need (the archive has every one). */
const FEED_ENTRIES = 50;

/** The Atom feed of the conference's published issues, newest first, for anyone. */
export const GET: RequestHandler = async ({ params, url }) => {
	const data = getData();
	const conference = await getConferenceOn(data, params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	const issues = await publishedDigestsWithContent(data, conference.id, FEED_ENTRIES);
	const de = { locale: 'de' } as const;
	const body = atomFeed({
		archiveUrl: url.origin + newsletterArchivePath(conference.id),
		selfUrl: url.origin + newsletterFeedPath(conference.id),
		title: m.publish_feed_title({ conference: conference.name }, de),
		author: conference.name,
		updated: issues[0]?.publishedAt ?? conference.createdAt,
		entries: issues.map((issue) => ({
			title: m.publish_issue_heading({ number: issue.number, title: issue.title }, de),
			url: url.origin + digestPublicPath(conference.id, issue.id),
			publishedAt: issue.publishedAt,
			html: issue.html
		}))
	});
	return new Response(body, {
		headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' }
	});
};
