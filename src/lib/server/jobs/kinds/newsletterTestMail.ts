import { eq } from 'drizzle-orm';
import { first, type Data } from '../../db/client';
import { sendMail } from '../../mail/transport';
import { digestMailOn } from '../../newsletter/mail/digestMail';
import { readDraftStandardOn, renderDraftOn } from '../../newsletter/render';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/** A draft sent to its editor's own address (see sendTestDigest). The text is rendered when the mail goes out: the latest edits are in it. */
export interface TestMailPayload {
	digestId: string;
	personId: string;
	origin: string;
}

export const testMailKey = (p: Pick<TestMailPayload, 'digestId' | 'personId'>) => `newsletter.testMail:${p.digestId}:${p.personId}`;

async function findDraft(data: Data, digestId: string) {
	const { conferences, digests } = data.t;
	return first(
		await data.q
			.select({
				id: digests.id,
				title: digests.title,
				number: digests.number,
				state: digests.state,
				conferenceId: conferences.id,
				conferenceName: conferences.name
			})
			.from(digests)
			.innerJoin(conferences, eq(conferences.id, digests.conferenceId))
			.where(eq(digests.id, digestId))
	);
}

export const newsletterTestMail: JobHandler<TestMailPayload> = {
	maxAttempts: 4,
	parse(raw) {
		const o = objectPayload(raw);
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		return { digestId: stringField(o, 'digestId', 64), personId: stringField(o, 'personId', 64), origin };
	},
	async run(payload, { data, jobId, signal }) {
		const digest = await findDraft(data, payload.digestId);
		if (!digest) throw new PermanentJobError('digest_gone');
		// Published while the mail waited: the editor reads the real one soon enough.
		if (digest.state !== 'draft') return;
		const { people } = data.t;
		const person = first(await data.q.select({ email: people.email, displayName: people.displayName }).from(people).where(eq(people.id, payload.personId)));
		if (!person?.email) throw new PermanentJobError('no_email');
		const rendered = await renderDraftOn(data, digest.id, await readDraftStandardOn(data, digest.id));
		const editions = [rendered.standard, ...(rendered.easy ? [rendered.easy] : [])];
		for (const edition of editions) {
			if (signal.aborted) throw new Error('stopped before sending');
			const mail = await digestMailOn(data, {
				conference: { id: digest.conferenceId, name: digest.conferenceName },
				digest: { id: digest.id, number: digest.number, title: rendered.title, publishedAt: null },
				edition: edition.edition,
				body: { html: edition.html, text: edition.text },
				subscriber: null,
				to: person.email,
				origin: payload.origin,
				// The same on a retry of this job: a copy sent twice is recognisable.
				messageId: `<digest-test.${jobId}.${edition.edition}@ratschlag>`,
				test: true
			});
			const result = await sendMail(mail);
			if (result.sent) continue;
			if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
			throw new Error(result.error);
		}
	}
};
