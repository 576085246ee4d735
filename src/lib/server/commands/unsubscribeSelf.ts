import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../db';
import { newsletterSubscribers, people } from '../db/schema';
import { recordAudit } from '../audit/record';
import { transact } from '../effects';
import { authorize, type Actor } from '../policies';
import { markUnsubscribed, normalizeAddress } from './support/subscribers';

/** A member ends their subscription on their account page. */
export function unsubscribeSelf(db: Db, actor: Actor, input: { conferenceId: string; now?: Date }): { changed: boolean } {
	authorize(actor, 'newsletter.subscribeSelf', { conferenceId: input.conferenceId });
	const at = input.now ?? new Date();
	return transact(db, (tx) => {
		const email = tx.select({ email: people.email }).from(people).where(eq(people.id, actor.personId!)).get()?.email;
		// Their own subscription, or a public sign-up of the address the conference knows for them.
		const mine = or(eq(newsletterSubscribers.personId, actor.personId!), email ? eq(newsletterSubscribers.email, normalizeAddress(email)) : undefined);
		const subscriber = tx
			.select()
			.from(newsletterSubscribers)
			.where(and(eq(newsletterSubscribers.conferenceId, input.conferenceId), mine))
			.all()
			.find((s) => s.state !== 'unsubscribed');
		if (!subscriber || !markUnsubscribed(tx, subscriber, 'account', at, null)) return { changed: false };
		recordAudit(tx, actor, {
			action: 'newsletter.unsubscribeSelf',
			conferenceId: input.conferenceId,
			subjectType: 'newsletterSubscriber',
			subjectId: subscriber.id
		});
		return { changed: true };
	});
}
