import { fail } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { authorize } from '$lib/server/policies';
import { handleForm } from '$lib/server/forms/action';
import { readForm } from '$lib/server/forms/parse';
import { refused } from '$lib/server/forms/errorMessages';
import { optionalText } from '$lib/server/forms/fields';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { SIGNATURE_MAX_BYTES } from '$lib/domain/invitations';
import { saveInvitationSigner } from '$lib/server/commands/saveInvitationSigner';
import { setSignatureImage } from '$lib/server/commands/setSignatureImage';
import { getData } from '$lib/server/db/data';
import { first } from '$lib/server/db/client';

const signerForm = { name: optionalText({ max: FIELD_LIMITS.invitationSigner.name }), title: optionalText({ max: FIELD_LIMITS.invitationSigner.title }) };

export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
	const data = getData();
	const { conferenceSignatures } = data.t;
	const signature = first(
		await data.q.select({ version: conferenceSignatures.version }).from(conferenceSignatures).where(eq(conferenceSignatures.conferenceId, params.conferenceId))
	);
	return { signatureVersion: signature?.version ?? null };
};

export const actions: Actions = {
	signer: ({ request, locals, params }) =>
		handleForm(request, 'signer', signerForm, async (data) => {
			await saveInvitationSigner(getData(), locals.actor, params.conferenceId, data.name && data.title ? { name: data.name, title: data.title } : null);
		}),
	// Multipart, like the logo: hooks.server.ts lets this one body be larger (http/bodyLimit.ts).
	signature: async ({ request, locals, params }) => {
		authorize(locals.actor, 'conference.update', { conferenceId: params.conferenceId });
		const form = await readForm(request);
		const file = form.get('signature');
		if (!(file instanceof File) || file.size === 0) return fail(400, { action: 'signature', errors: { signature: m.invite_signature_missing() } });
		if (file.size > SIGNATURE_MAX_BYTES) return fail(400, { action: 'signature', errors: { signature: m.invite_error_signature_too_large() } });
		try {
			await setSignatureImage(getData(), locals.actor, params.conferenceId, new Uint8Array(await file.arrayBuffer()));
		} catch (error) {
			return refused(error, new FormData(), { action: 'signature' });
		}
		return { action: 'signature', saved: true as const };
	}
};
