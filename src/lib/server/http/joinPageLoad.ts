import { error } from '@sveltejs/kit';
import { getDb } from '../db';
import { authorize, type Actor } from '../policies';
import { joinPage } from '../participation/joinPage';
import { joinFacts } from '../queries/participation';

/** The public "Mitmachen" page in one edition: for anyone, without signing in or JavaScript. */
export function joinPageLoad(actor: Actor, conferenceId: string, edition: 'standard' | 'easy') {
	authorize(actor, 'participation.view', { conferenceId });
	const facts = joinFacts(getDb(), conferenceId);
	if (!facts) error(404, { message: 'not_found' });
	return { conference: { id: conferenceId, name: facts.conferenceName }, page: joinPage(facts, edition) };
}
