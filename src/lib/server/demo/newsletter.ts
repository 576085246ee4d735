import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { checkEasyText } from '../commands/checkEasyText';
import { confirmSubscription } from '../commands/confirmSubscription';
import { createDigest } from '../commands/createDigest';
import { insertSuggestion } from '../commands/insertSuggestion';
import { publishDigest } from '../commands/publishDigest';
import { subscribeSelf } from '../commands/subscribeSelf';
import { subscribeToNewsletter } from '../commands/subscribeToNewsletter';
import { unsubscribeFromNewsletter } from '../commands/unsubscribeFromNewsletter';
import { writeEasyText } from '../commands/writeEasyText';
import { first, type Data } from '../db/client';
import type { Edition } from '../db/schema';
import { linkKeysOn } from '../invitations/links';
import { confirmSubscriptionJobKey } from '../jobs/kinds/newsletterConfirmSubscription';
import { unseal } from '../jobs/sealed';
import { listSuggestions } from '../newsletter/suggestions';
import type { Actor } from '../policies';

interface NewsletterDemo {
	conferenceId: string;
	editor: Actor;
	checker: Actor;
	/** Members who subscribe from their account page. */
	members: Actor[];
	origin: string;
	day: (offsetDays: number, hour: number, minute?: number) => Date;
}

/** People of the district who signed up on the public page; every third reads the easy edition. */
const PUBLIC_SUBSCRIBERS = [
	'Anke Brandt',
	'Bernd Kühn',
	'Carla Winter',
	'Deniz Aydın',
	'Elke Sauer',
	'Frank Lorenz',
	'Gül Şahin',
	'Heike Vogt',
	'Ingo Hartmann',
	'Jana Krause',
	'Karl Böhm',
	'Lisa Pohl',
	'Mehmet Kaya',
	'Nina Schuster',
	'Olaf Peters',
	'Paula Roth',
	'Rainer Busch',
	'Sandra Engel',
	'Thomas Graf',
	'Ulla Wendt',
	'Viktor Jansen',
	'Waltraud Seidel',
	'Xenia Lindner',
	'Yvonne Haas',
	'Zeynep Öztürk',
	'Anton Ludwig',
	'Britta Franke'
];

const addressOf = (name: string) =>
	`${name
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z ]/g, '')
		.replace(' ', '.')}@beispiel.example`;

const lines = (...sentences: string[]) => sentences.join('\n');

/**
 * The newsletter of the demo, made through the same commands as in life: 27 people signed up on
 * the public page and confirmed (double opt-in), three members subscribed on their account page
 * (30 subscribers, a third in Leichte Sprache), one sign-up never confirmed and one who left.
 * Tobias Engel published two issues built from the conference's decisions, with checked and
 * unchecked easy editions, and a third is a draft with suggestions still waiting.
 */
export async function seedNewsletter(data: Data, demo: NewsletterDemo): Promise<void> {
	const { jobs, newsletterSubscribers } = data.t;
	const { conferenceId, editor, checker, origin, day } = demo;
	const signUp = async (name: string, edition: Edition, at: Date, address: string) => {
		await subscribeToNewsletter(data, {
			conferenceId,
			email: addressOf(name),
			name,
			edition,
			via: edition === 'easy' ? 'easy_form' : 'form',
			locale: 'de',
			clientAddress: address,
			origin,
			now: at
		});
		return first(
			await data.q
				.select()
				.from(newsletterSubscribers)
				.where(eq(newsletterSubscribers.email, addressOf(name)))
		)!;
	};
	// The confirmation link is in the mail the job would send: the demo reads it from the job, as the person would from the mail.
	const confirm = async (subscriber: { id: string; confirmTokenHash: string | null }, at: Date, address: string) => {
		const job = first(
			await data.q
				.select({ payload: jobs.payload })
				.from(jobs)
				.where(and(eq(jobs.kind, 'newsletter.confirmSubscription'), like(jobs.key, `newsletter.confirmSubscription:${subscriber.id}:%`)))
		)!;
		const payload = JSON.parse(job.payload) as { sealedToken: string };
		const token = unseal(linkKeysOn(data), payload.sealedToken, confirmSubscriptionJobKey(subscriber.id, subscriber.confirmTokenHash!));
		await confirmSubscription(data, { token, clientAddress: address, now: at });
	};

	for (const [i, name] of PUBLIC_SUBSCRIBERS.entries()) {
		const at = day(-140 + i * 2, 9 + (i % 10), (i * 7) % 60);
		const address = `203.0.113.${10 + i}`;
		const subscriber = await signUp(name, i % 3 === 2 ? 'easy' : 'standard', at, address);
		await confirm(subscriber, new Date(at.getTime() + (20 + i) * 60_000), address);
	}
	for (const member of demo.members) await subscribeSelf(data, member, { conferenceId, edition: 'standard', locale: 'de', now: day(-130, 11) });
	// Never confirmed: pending, and never mailed an issue.
	await signUp('Günter Reich', 'standard', day(-10, 20), '198.51.100.7');
	const leaving = await signUp('Hanna Marx', 'easy', day(-138, 18), '198.51.100.8');
	await confirm(leaving, day(-138, 19), '198.51.100.8');
	await unsubscribeFromNewsletter(data, { subscriberId: leaving.id, via: 'one_click', now: day(-40, 7) });
	// Their confirmation mails went out when they signed up: nothing of them waits when the demo starts
	// (the one never confirmed has an expired link by now), and the tokens are dropped as after sending.
	const withoutToken = data.dialect === 'postgres' ? sql`(${jobs.payload}::jsonb - 'sealedToken')::text` : sql`json_remove(${jobs.payload}, '$.sealedToken')`;
	await data.q
		.update(jobs)
		.set({ state: 'done', finishedAt: day(-10, 20), payload: withoutToken })
		.where(and(eq(jobs.kind, 'newsletter.confirmSubscription'), eq(jobs.state, 'queued')));

	const issue = async (title: string, at: Date, picks: number, easy: string | null, checked: boolean) => {
		const digest = await createDigest(data, editor, { conferenceId, title });
		for (const suggestion of (await listSuggestions(data, conferenceId, at)).slice(0, picks))
			await insertSuggestion(data, editor, { digestId: digest.id, sourceKind: suggestion.sourceKind, sourceId: suggestion.sourceId, origin, now: at });
		if (easy) {
			const saved = await writeEasyText(data, editor, { conferenceId, kind: 'digest', subjectId: digest.id, body: easy, basedOn: null, now: at });
			if (checked) await checkEasyText(data, checker, { conferenceId, kind: 'digest', subjectId: digest.id, basedOn: saved.writtenAt.getTime(), now: at });
		}
		return digest;
	};
	const published = async (title: string, at: Date, easy: string, checked: boolean) => {
		const digest = await issue(title, at, 3, easy, checked);
		await publishDigest(data, editor, { digestId: digest.id, confirmUncheckedEasy: !checked, origin, now: at });
		await markSent(data, digest.id, at);
	};

	await published(
		'Neues aus der Gesundheitskonferenz',
		day(-60, 10),
		lines(
			'Das ist der Newsletter von der Gesundheits·konferenz.',
			'Die Konferenz hat Empfehlungen beschlossen.',
			'Eine Empfehlung ist ein guter Rat für den Landkreis.',
			'Zum Beispiel: Ältere Menschen sollen leichter zum Arzt kommen.',
			'Die Arbeits·gruppen treffen sich bald wieder.'
		),
		true
	);
	await published(
		'Was aus unseren Empfehlungen wurde',
		day(-14, 10),
		lines(
			'Das ist der zweite Newsletter.',
			'Wir schreiben: Was ist aus den Empfehlungen geworden?',
			'Der Landkreis hat einen Bus für ältere Menschen.',
			'Das Plenum trifft sich bald.',
			'Sie können zum Plenum kommen.'
		),
		false
	);
	// Today's draft: one suggestion in, the rest still waiting; the easy edition not written yet.
	await issue('Ausgabe in Arbeit', day(0, 8), 1, null, false);
}

/** The demo's published issues went out when they were published: their mails count as delivered. */
async function markSent(data: Data, digestId: string, at: Date) {
	const { digestDeliveries, digestSends, jobs } = data.t;
	const send = first(await data.q.select({ id: digestSends.id }).from(digestSends).where(eq(digestSends.digestId, digestId)));
	if (!send) return;
	const sentAt = new Date(at.getTime() + 5 * 60_000);
	await data.q.update(digestDeliveries).set({ state: 'sent', attempts: 1, sentAt }).where(eq(digestDeliveries.sendId, send.id));
	await data.q.update(digestSends).set({ state: 'done', finishedAt: sentAt }).where(eq(digestSends.id, send.id));
	await data.q
		.update(jobs)
		.set({ state: 'done', finishedAt: sentAt })
		.where(and(eq(jobs.kind, 'newsletter.send'), inArray(jobs.state, ['queued', 'running']), like(jobs.payload, `%${send.id}%`)));
}
