import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { abilities, authorize, can } from '$lib/server/policies';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { countOpenFeedback } from '$lib/server/queries/accessibilityFeedback';
import { conferenceLogoUrl } from '$lib/server/queries/conferenceLogo';
import { getData } from '$lib/server/db/data';

export const load: LayoutServerLoad = async ({ locals, params }) => {
	const conference = await getConferenceOn(getData(), params.conferenceId);
	if (!conference) error(404, { message: 'not_found' });
	const subject = { conferenceId: conference.id };
	authorize(locals.actor, 'conference.view', subject);
	const seesFeedback = can(locals.actor, 'accessibilityFeedback.list', subject);
	return {
		conference: {
			id: conference.id,
			name: conference.name,
			region: conference.region,
			description: conference.description,
			settings: conference.settings,
			/** The logo's versioned address (served by /oeffentlich/[conferenceId]/logo), or null. */
			logoUrl: await conferenceLogoUrl(getData(), conference.id)
		},
		conferenceAbilities: abilities(locals.actor, subject, [
			'conference.update',
			'conference.viewAudit',
			'person.list',
			'person.invite',
			'group.create',
			'plenary.create',
			'easyText.list',
			'job.list',
			'claim.list',
			'newsletter.manage',
			'invitation.manage',
			'member.composition'
		] as const),
		/** Open accessibility feedback, for the navigation entry of those who answer it (else null). */
		openFeedbackCount: seesFeedback ? await countOpenFeedback(getData(), conference.id) : null
	};
};
