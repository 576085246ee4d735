import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { abilities, authorize } from '$lib/server/policies';
import { updateConference } from '$lib/server/commands/updateConference';
import { setConferenceLogo } from '$lib/server/commands/setConferenceLogo';
import { removeConferenceLogo } from '$lib/server/commands/removeConferenceLogo';
import { handleForm } from '$lib/server/forms/action';
import { readForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';
import { conferenceForm, toConferenceInput } from '$lib/server/forms/conference';
import { conferenceLogoUrl } from '$lib/server/queries/conferenceLogo';
import { LOGO_MAX_BYTES } from '$lib/domain/logo';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'conference.update', subject);
	return {
		logoUrl: await conferenceLogoUrl(getData(), params.conferenceId),
		can: abilities(locals.actor, subject, ['allowance.configure', 'member.configureSectors'] as const)
	};
};

export const actions: Actions = {
	update: ({ request, locals, params }) =>
		handleForm(request, 'update', conferenceForm, async (data) => {
			await updateConference(getData(), locals.actor, params.conferenceId, toConferenceInput(data));
		}),
	// The only form posted as multipart: hooks.server.ts lets this one body be larger than a form's.
	logo: async ({ request, locals, params }) => {
		authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
		const form = await readForm(request);
		const file = form.get('logo');
		if (!(file instanceof File) || file.size === 0) return fail(400, { action: 'logo', errors: { logo: m.look_logo_missing() } });
		// Refused before the bytes are read into memory a second time.
		if (file.size > LOGO_MAX_BYTES) return fail(400, { action: 'logo', errors: { logo: m.look_error_logo_too_large() } });
		try {
			await setConferenceLogo(getData(), locals.actor, params.conferenceId, new Uint8Array(await file.arrayBuffer()));
		} catch (error) {
			return refused(error, new FormData(), { action: 'logo' });
		}
		return { action: 'logo', saved: true as const };
	},
	removeLogo: async ({ locals, params }) => {
		await removeConferenceLogo(getData(), locals.actor, params.conferenceId);
		return { action: 'removeLogo', saved: true as const };
	}
};
