import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { publishedDigest } from '$lib/server/queries/publishedDigests';
import { getData } from '$lib/server/db/data';

/**
 * One published issue as it was frozen when it went out: the page every mail's "read in the
 * browser" link opens. `?ausgabe=einfach` shows the Leichte Sprache edition; an issue without
 * one says so and shows the standard edition. Drafts and other conferences' issues are 404.
 */
export const load: PageServerLoad = async ({ params, url }) => {
	const data = getData();
	const conference = await getConferenceOn(data, params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	const issue = await publishedDigest(data, conference.id, params.digestId);
	if (!issue) error(404, { message: 'not_found' });
	const easyAsked = url.searchParams.get('ausgabe') === 'einfach';
	const easy = easyAsked && issue.htmlEasy !== null;
	return {
		conference: { id: conference.id, name: conference.name },
		issue: { id: issue.id, number: issue.number, title: issue.title, publishedAt: issue.publishedAt, hasEasy: issue.htmlEasy !== null },
		edition: easy ? ('easy' as const) : ('standard' as const),
		/** Asked for the easy edition of an issue that has none. */
		noEasy: easyAsked && !easy,
		easyUnchecked: easy && issue.easyUnchecked,
		html: easy ? issue.htmlEasy! : issue.htmlStandard
	};
};
