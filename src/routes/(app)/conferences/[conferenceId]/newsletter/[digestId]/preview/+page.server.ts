import { error, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { first } from '$lib/server/db/client';
import { authorize } from '$lib/server/policies';
import { handleForm } from '$lib/server/forms/action';
import { sendTestDigest } from '$lib/server/commands/sendTestDigest';
import { readDraftStandardOn, renderDraftOn, type RenderedEdition } from '$lib/server/newsletter/render';
import { digestContactOn, digestMailWith } from '$lib/server/newsletter/mail/digestMail';
import { subscriberLinkKeysOn } from '$lib/server/newsletter/links';
import { mailOrigin } from '$lib/server/allowances/scheduleDrafting';
import { digestOfConference } from '$lib/server/queries/newsletterDrafts';
import { getData } from '$lib/server/db/data';

/** A placeholder recipient for the preview: the mail is shown, never sent. */
const PREVIEW_ADDRESS = 'vorschau@example.invalid';

/** The draft as readers will get it: the web page and the mail, both editions, before anyone does. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const data = getData();
	const { conferences, people } = data.t;
	const digest = await digestOfConference(data, params.conferenceId, params.digestId);
	if (!digest) error(404, { message: 'not_found' });
	if (digest.state === 'published') redirect(303, `/oeffentlich/${params.conferenceId}/newsletter/${digest.id}`);
	authorize(locals.actor, 'digest.write', { conferenceId: params.conferenceId, state: digest.state });
	const conference = first(
		await data.q.select({ id: conferences.id, name: conferences.name }).from(conferences).where(eq(conferences.id, params.conferenceId))
	);
	if (!conference) error(404, { message: 'not_found' });
	const rendered = await renderDraftOn(data, digest.id, await readDraftStandardOn(data, digest.id));
	const origin = mailOrigin(url.origin);
	const keys = subscriberLinkKeysOn(data);
	const contact = await digestContactOn(data, conference.id);
	const edition = (body: RenderedEdition) => {
		const mail = digestMailWith(keys, contact, {
			conference,
			digest: { id: digest.id, number: digest.number, title: rendered.title, publishedAt: null },
			edition: body.edition,
			body: { html: body.html, text: body.text },
			subscriber: null,
			to: PREVIEW_ADDRESS,
			origin,
			messageId: `<digest-preview.${digest.id}.${body.edition}@ratschlag>`
		});
		return { edition: body.edition, html: body.html, mail: { subject: mail.subject, html: mail.html, text: mail.text } };
	};
	const ownAddress = locals.actor.personId
		? (first(await data.q.select({ email: people.email }).from(people).where(eq(people.id, locals.actor.personId)))?.email ?? null)
		: null;
	return {
		digest: { id: digest.id, title: rendered.title },
		editions: [edition(rendered.standard), ...(rendered.easy ? [edition(rendered.easy)] : [])],
		easyStatus: rendered.easyStatus,
		ownAddress
	};
};

export const actions: Actions = {
	testMail: (event) =>
		handleForm(
			event.request,
			'testMail',
			{},
			async () => await sendTestDigest(getData(), event.locals.actor, { digestId: event.params.digestId, origin: event.url.origin })
		)
};
