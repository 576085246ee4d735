import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { digestDoc } from '$lib/collab/kinds/digest';
import { bodyHtml } from '$lib/minutes/render';
import { abilities, authorize, can } from '$lib/server/policies';
import { readDocumentUnlessBrokenOn } from '$lib/server/collab/readDocument';
import { handleForm } from '$lib/server/forms/action';
import { insertSuggestionForm, updateDigestForm } from '$lib/server/forms/digest';
import { updateDigest } from '$lib/server/commands/updateDigest';
import { insertSuggestion } from '$lib/server/commands/insertSuggestion';
import { listSuggestions } from '$lib/server/newsletter/suggestions';
import { audienceChoices, digestOfConference, easyEditionStatus } from '$lib/server/queries/newsletterDrafts';
import { getData } from '$lib/server/db/data';

/** A draft issue: its title and audience, the standard edition written live, the easy edition's state, and what happened since the last issue. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const digest = await digestOfConference(data, params.conferenceId, params.digestId);
	if (!digest) error(404, { message: 'not_found' });
	// A published issue is a record: its page is the public one.
	if (digest.state === 'published') redirect(303, `/oeffentlich/${params.conferenceId}/newsletter/${digest.id}`);
	const subject = { conferenceId: params.conferenceId, state: digest.state };
	authorize(locals.actor, 'digest.write', subject);
	const html = await readDocumentUnlessBrokenOn(data, digestDoc(digest.id), bodyHtml);
	return {
		digest: { id: digest.id, title: digest.title, audienceGroupId: digest.audienceGroupId },
		docName: digestDoc(digest.id),
		text: html === null ? { broken: true as const } : { broken: false as const, html },
		groups: await audienceChoices(data, params.conferenceId),
		easy: await easyEditionStatus(data, digest.id, can(locals.actor, 'easyText.seeChecker', { conferenceId: params.conferenceId })),
		suggestions: await listSuggestions(data, params.conferenceId),
		can: abilities(locals.actor, subject, ['digest.publish'] as const),
		userName: locals.person?.displayName ?? ''
	};
};

const digestId = ({ params }: RequestEvent) => params.digestId;

export const actions: Actions = {
	update: (event) =>
		handleForm(event.request, 'update', updateDigestForm, async (data) => {
			await updateDigest(getData(), event.locals.actor, { digestId: digestId(event), title: data.title, audienceGroupId: data.audienceGroupId });
		}),
	insert: (event) =>
		handleForm(event.request, 'insert', insertSuggestionForm, async (data) => {
			const inserted = await insertSuggestion(getData(), event.locals.actor, {
				digestId: digestId(event),
				sourceKind: data.sourceKind,
				sourceId: data.sourceId,
				origin: event.url.origin
			});
			return { inserted: inserted.title };
		})
};
