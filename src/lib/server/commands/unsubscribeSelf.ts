import { and, eq, or } from 'drizzle-orm';
import { first, type Data } from '../db/client';
import { recordAuditIn } from '../audit/record';
import { transactOn } from '../effects/transactOn';
import { authorize, type Actor } from '../policies';
import { markUnsubscribed, normalizeAddress } from './support/subscribers';

/** A member ends their subscription on their account page. */
export async function unsubscribeSelf(data: Data, actor: Actor, input: { conferenceId: string; now?: Date }): Promise<{ changed: boolean }> {
	authorize(actor, 'newsletter.subscribeSelf', { conferenceId: input.conferenceId });
	const at = input.now ?? new Date();
	const { newsletterSubscribers, people } = data.t;
	return transactOn(data, async (tx) => {
		const email = first(await tx.select({ email: people.email }).from(people).where(eq(people.id, actor.personId!)))?.email;
		// Their own subscription, or a public sign-up of the address the conference knows for them.
		const mine = or(eq(newsletterSubscribers.personId, actor.personId!), email ? eq(newsletterSubscribers.email, normalizeAddress(email)) : undefined);
		const subscriber = (
			await tx
				.select()
				.from(newsletterSubscribers)
				.where(and(eq(newsletterSubscribers.conferenceId, input.conferenceId), mine))
		).find((s) => s.state !== 'unsubscribed');
		if (!subscriber || !(await markUnsubscribed(data, tx, subscriber, 'account', at, null))) return { changed: false };
		await recordAuditIn(data, tx, actor, {
			action: 'newsletter.unsubscribeSelf',
			conferenceId: input.conferenceId,
			subjectType: 'newsletterSubscriber',
			subjectId: subscriber.id
		});
		return { changed: true };
	});
}
