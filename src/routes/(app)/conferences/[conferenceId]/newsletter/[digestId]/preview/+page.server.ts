import { error, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { conferences, people } from '$lib/server/db/schema';
import { authorize } from '$lib/server/policies';
import { handleForm } from '$lib/server/forms/action';
import { sendTestDigest } from '$lib/server/commands/sendTestDigest';
import { renderDraft, type RenderedEdition } from '$lib/server/newsletter/render';
import { digestMail } from '$lib/server/newsletter/mail/digestMail';
import { mailOrigin } from '$lib/server/allowances/scheduleDrafting';
import { digestOfConference } from '$lib/server/queries/newsletterDrafts';
import { getData } from '$lib/server/db/data';

/** A placeholder recipient for the preview: the mail is shown, never sent. */
const PREVIEW_ADDRESS = 'vorschau@example.invalid';

/** The draft as readers will get it: the web page and the mail, both editions, before anyone does. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = getDb();
	const digest = await digestOfConference(getData(), params.conferenceId, params.digestId);
	if (!digest) error(404, { message: 'not_found' });
	if (digest.state === 'published') redirect(303, `/oeffentlich/${params.conferenceId}/newsletter/${digest.id}`);
	authorize(locals.actor, 'digest.write', { conferenceId: params.conferenceId, state: digest.state });
	const conference = db.select({ id: conferences.id, name: conferences.name }).from(conferences).where(eq(conferences.id, params.conferenceId)).get();
	if (!conference) error(404, { message: 'not_found' });
	const rendered = renderDraft(db, digest.id);
	const origin = mailOrigin(url.origin);
	const edition = (body: RenderedEdition) => {
		const mail = digestMail(db, {
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
		? (db.select({ email: people.email }).from(people).where(eq(people.id, locals.actor.personId)).get()?.email ?? null)
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
