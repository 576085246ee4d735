import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { myBallot } from '$lib/server/polls/myBallot';
import { latestPoll } from '$lib/server/polls/publicPoll';
import { getPlenarySessionOn } from '$lib/server/queries/plenary';

/**
 * Where the signed-in person stands in the session's poll (`MyBallot`, or null when no poll is
 * open). The session page asks here when its live document shows a poll opening and after a
 * vote, instead of reloading all of its data: with hundreds of phones in the room, that reload
 * on every poll is what the server could not keep up with.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const data = getData();
	const session = await getPlenarySessionOn(data, params.conferenceId, params.sessionId);
	if (!session) error(404, { message: 'not_found' });
	authorize(locals.actor, 'plenary.view', { conferenceId: params.conferenceId, sessionId: session.id });
	const poll = await latestPoll(data, session.id);
	return json({ ballot: poll ? await myBallot(data, locals.actor, poll, params.conferenceId) : null }, { headers: { 'cache-control': 'no-store' } });
};
