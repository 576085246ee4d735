import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { abilities, authorize } from '$lib/server/policies';
import { getConference } from '$lib/server/queries/conferences';

export const load: LayoutServerLoad = ({ locals, params }) => {
	const conference = getConference(getDb(), params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	const subject = { conferenceId: conference.id };
	authorize(locals.actor, 'conference.view', subject);
	return {
		conference: { id: conference.id, name: conference.name, region: conference.region, description: conference.description, settings: conference.settings },
		conferenceAbilities: abilities(locals.actor, subject, [
			'conference.update',
			'conference.viewAudit',
			'person.list',
			'person.invite',
			'group.create',
			'plenary.create',
			'easyText.list'
		] as const)
	};
};
