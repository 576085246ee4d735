import { error } from '@sveltejs/kit';
import { authorize, type Actor } from '../policies';
import { joinPage } from '../participation/joinPage';
import { joinFacts } from '../queries/participation';
import { getData } from '../db/data';

/** The public "Mitmachen" page in one edition: for anyone, without signing in or JavaScript. */
export async function joinPageLoad(actor: Actor, conferenceId: string, edition: 'standard' | 'easy') {
	authorize(actor, 'participation.view', { conferenceId });
	const facts = await joinFacts(getData(), conferenceId);
	if (!facts) error(404, { message: 'not_found' });
	return { conference: { id: conferenceId, name: facts.conferenceName }, page: joinPage(facts, edition) };
}
