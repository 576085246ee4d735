import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { EMAIL_MAX } from '../../fieldLimits';
import type { Db } from '../db';
import { conferences, newsletterConsents, newsletterSubscribers, people } from '../db/schema';
import { hashToken } from '../auth/sessions';
import { readSubscriberToken } from '../newsletter/links';
import { authorize, can, type Actor } from '../policies';

type Subscriber = typeof newsletterSubscribers.$inferSelect;

/**
 * The subscriber a personal link names, while the link holds: the signature is right and the
 * row's token version is still the link's (see newsletter/links.ts). Null for anything else;
 * the pages say the same for a forged, a revoked and an erased subscriber's link.
 */
export function subscriberByLink(db: Db, token: string): (Subscriber & { conferenceName: string }) | null {
	const read = readSubscriberToken(db, token);
	if (!read) return null;
	const found = db
		.select({ subscriber: newsletterSubscribers, conferenceName: conferences.name })
		.from(newsletterSubscribers)
		.innerJoin(conferences, eq(conferences.id, newsletterSubscribers.conferenceId))
		.where(eq(newsletterSubscribers.id, read.subscriberId))
		.get();
	if (!found || found.subscriber.tokenVersion !== read.version) return null;
	return { ...found.subscriber, conferenceName: found.conferenceName };
}

/** A sign-up that waits for this confirmation link, for the page that shows its button. */
export function pendingSignUp(db: Db, token: string, now = new Date()) {
	if (token.length > 100) return null;
	const found = db
		.select({ edition: newsletterSubscribers.edition, expiresAt: newsletterSubscribers.confirmExpiresAt, conferenceName: conferences.name })
		.from(newsletterSubscribers)
		.innerJoin(conferences, eq(conferences.id, newsletterSubscribers.conferenceId))
		.where(and(eq(newsletterSubscribers.confirmTokenHash, hashToken(token)), eq(newsletterSubscribers.state, 'pending')))
		.get();
	if (!found || !found.expiresAt || found.expiresAt <= now) return null;
	return found;
}

function consentLogs(db: Pick<Db, 'select'>, subscriberIds: string[]) {
	const logs = new Map<string, (typeof newsletterConsents.$inferSelect)[]>();
	// SQLite takes at most 32,766 variables: the ids go in chunks.
	for (let i = 0; i < subscriberIds.length; i += 5000) {
		const rows = db
			.select()
			.from(newsletterConsents)
			.where(inArray(newsletterConsents.subscriberId, subscriberIds.slice(i, i + 5000)))
			.orderBy(asc(newsletterConsents.at), asc(newsletterConsents.id))
			.all();
		for (const row of rows) logs.set(row.subscriberId, [...(logs.get(row.subscriberId) ?? []), row]);
	}
	return logs;
}

const publicEvent = (e: typeof newsletterConsents.$inferSelect) => ({
	event: e.event,
	at: e.at.toISOString(),
	via: e.via,
	edition: e.edition,
	formText: e.formText,
	privacyPolicyVersion: e.privacyPolicyVersion,
	clientAddress: e.clientAddress
});

/** "Download my data" (Art. 15, 20 DSGVO): the subscription and its whole consent log, as kept. */
export function subscriberData(db: Db, subscriber: Subscriber & { conferenceName: string }) {
	return {
		conference: subscriber.conferenceName,
		email: subscriber.email,
		name: subscriber.name,
		edition: subscriber.edition,
		state: subscriber.state,
		signedUpAt: subscriber.createdAt.toISOString(),
		confirmedAt: subscriber.confirmedAt?.toISOString() ?? null,
		unsubscribedAt: subscriber.unsubscribedAt?.toISOString() ?? null,
		bouncingSince: subscriber.bouncingSince?.toISOString() ?? null,
		consentLog: (consentLogs(db, [subscriber.id]).get(subscriber.id) ?? []).map(publicEvent)
	};
}

/** How many subscribers the office's list shows at a time. */
export const SUBSCRIBERS_PER_PAGE = 100;

/** Subscribers with their consent logs, in the list's order: pending first, then active, then ended; newest first. */
function subscribersWithLogs(db: Db, where: SQL | undefined, page?: { limit: number; offset: number }) {
	const query = db
		.select()
		.from(newsletterSubscribers)
		.where(where)
		.orderBy(asc(newsletterSubscribers.state), desc(newsletterSubscribers.createdAt), asc(newsletterSubscribers.id));
	const subscribers = page ? query.limit(page.limit).offset(page.offset).all() : query.all();
	const logs = consentLogs(
		db,
		subscribers.map((s) => s.id)
	);
	return subscribers.map((s) => ({
		id: s.id,
		email: s.email,
		name: s.name,
		edition: s.edition,
		state: s.state,
		member: s.personId !== null,
		since: s.state === 'active' ? (s.confirmedAt ?? s.createdAt) : s.state === 'unsubscribed' ? (s.unsubscribedAt ?? s.createdAt) : s.createdAt,
		bouncingSince: s.bouncingSince,
		consents: (logs.get(s.id) ?? []).map(publicEvent)
	}));
}

/**
 * The office's list of subscribers: counts per state and edition, one page of subscribers with
 * their consent logs, found by a part of their address (a request to erase names the address).
 */
export function subscriberOverview(db: Db, actor: Actor, conferenceId: string, options: { search?: string; page?: number } = {}) {
	authorize(actor, 'newsletter.subscribers', { conferenceId });
	const inConference = eq(newsletterSubscribers.conferenceId, conferenceId);
	const counts = db
		.select({ state: newsletterSubscribers.state, edition: newsletterSubscribers.edition, n: count() })
		.from(newsletterSubscribers)
		.where(inConference)
		.groupBy(newsletterSubscribers.state, newsletterSubscribers.edition)
		.all();
	const search = options.search?.trim().toLowerCase().slice(0, EMAIL_MAX) ?? '';
	// instr, not LIKE: what is typed is looked for as it is, % and _ included.
	const where = search ? and(inConference, sql`instr(${newsletterSubscribers.email}, ${search}) > 0`) : inConference;
	const total = db.select({ n: count() }).from(newsletterSubscribers).where(where).get()?.n ?? 0;
	const pages = Math.max(1, Math.ceil(total / SUBSCRIBERS_PER_PAGE));
	const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
	return {
		counts,
		search,
		total,
		page,
		pages,
		subscribers: subscribersWithLogs(db, where, { limit: SUBSCRIBERS_PER_PAGE, offset: (page - 1) * SUBSCRIBERS_PER_PAGE })
	};
}

/** Every subscriber of a conference with their consent log, for the office's export. */
export function subscriberExport(db: Db, actor: Actor, conferenceId: string) {
	authorize(actor, 'newsletter.subscribers', { conferenceId });
	return subscribersWithLogs(db, eq(newsletterSubscribers.conferenceId, conferenceId));
}

/** Per conference the person belongs to: may they subscribe, and their subscription if they have one. */
export function mySubscriptions(db: Db, actor: Actor) {
	if (!actor.personId) return [];
	const person = db.select({ email: people.email }).from(people).where(eq(people.id, actor.personId)).get();
	const ids = [...actor.conferences.keys()].filter((conferenceId) => can(actor, 'newsletter.subscribeSelf', { conferenceId }));
	if (ids.length === 0) return [];
	const names = db.select({ id: conferences.id, name: conferences.name }).from(conferences).where(inArray(conferences.id, ids)).all();
	const email = person?.email?.trim().toLowerCase() ?? null;
	// Their own subscriptions, and public sign-ups of the address the conference knows for them.
	const rows = db
		.select()
		.from(newsletterSubscribers)
		.where(
			and(
				inArray(newsletterSubscribers.conferenceId, ids),
				or(eq(newsletterSubscribers.personId, actor.personId), email ? eq(newsletterSubscribers.email, email) : undefined)
			)
		)
		.all();
	return names
		.sort((a, b) => a.name.localeCompare(b.name, 'de'))
		.map((c) => {
			const mine = rows.find((s) => s.conferenceId === c.id && s.state === 'active') ?? rows.find((s) => s.conferenceId === c.id);
			return { conferenceId: c.id, conferenceName: c.name, hasEmail: email !== null, state: mine?.state ?? null, edition: mine?.edition ?? null };
		});
}
