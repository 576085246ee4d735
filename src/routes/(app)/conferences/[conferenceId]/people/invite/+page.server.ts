import type { Actions, PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { invitePerson } from '$lib/server/commands/invitePerson';
import { buildAccessCard } from '$lib/server/auth/accessCard';
import { mailConfigured } from '$lib/server/mail/transport';
import { checkbox, optionalFutureDate } from '$lib/server/forms/fields';
import { personForm, roleForm } from '$lib/server/forms/person';
import { echo, invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { listVotingMembers } from '$lib/server/queries/people';
import { m } from '$lib/paraglide/messages';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'person.invite', { conferenceId: params.conferenceId });
	return { votingMembers: await listVotingMembers(getData(), params.conferenceId) };
};

const inviteForm = { ...personForm, ...roleForm, linkExpiresAt: optionalFutureDate(), sendEmail: checkbox() };

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		const form = await readForm(request);
		const parsed = parseForm(form, inviteForm);
		if (!parsed.ok) return invalid(parsed);
		const input = parsed.data;
		if (input.sendEmail && !input.email) {
			return invalid({ errors: { email: m.invite_email_needed() }, values: echo(form, inviteForm) });
		}

		let invited;
		try {
			invited = await invitePerson(getData(), locals.actor, {
				...input,
				conferenceId: params.conferenceId,
				mailLinkFrom: input.sendEmail ? url.origin : null
			});
		} catch (e) {
			return refused(e, form);
		}

		// The person, the link and the mail job are saved; the mail goes out in the background.
		const conference = (await getConferenceOn(getData(), params.conferenceId))!;
		const card = await buildAccessCard({
			origin: url.origin,
			token: invited.token,
			personName: invited.person.displayName,
			conference,
			expiresAt: invited.link.expiresAt
		});
		const mail = invited.mailQueued ? { queued: true, notConfigured: !mailConfigured() } : null;
		return { invited: { personId: invited.person.id, displayName: invited.person.displayName }, card, mail };
	}
};
