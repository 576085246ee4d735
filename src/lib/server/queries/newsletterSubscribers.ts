import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { EMAIL_MAX } from '../../fieldLimits';
import { CONSENT_EVENTS } from '../db/schema/newsletter';
import type { Db } from '../db';
import { hashToken } from '../auth/sessions';
import { readSubscriberToken } from '../newsletter/links';
import { authorize, can, type Actor } from '../policies';
import { type Data, first, type Tables } from '../db/client';

type Subscriber = Tables['newsletterSubscribers']['$inferSelect'];
type Consent = Tables['newsletterConsents']['$inferSelect'];
type LinkedSubscriber = Subscriber & { conferenceName: string };
type KeyHolder = Pick<Db, '$client'>;

/**
 * The subscriber a personal link names, while the link holds: the signature is right and the
 * row's token version is still the link's (see newsletter/links.ts). Null for anything else;
 * the pages say the same for a forged, a revoked and an erased subscriber's link. The key that
 * signs the links is `keys`: `subscriberLinkKeysOn(data)` (newsletter/links.ts), the SQLite
 * connection's key or, on PostgreSQL, JOBS_SECRET.
 */
export async function subscriberByLink(data: Data, keys: KeyHolder, token: string): Promise<LinkedSubscriber | null> {
	const { conferences, newsletterSubscribers } = data.t;
	const read = readSubscriberToken(keys, token);
	if (!read) return null;
	const found = first(
		await data.q
			.select({ subscriber: newsletterSubscribers, conferenceName: conferences.name })
			.from(newsletterSubscribers)
			.innerJoin(conferences, eq(conferences.id, newsletterSubscribers.conferenceId))
			.where(eq(newsletterSubscribers.id, read.subscriberId))
	);
	if (!found || found.subscriber.tokenVersion !== read.version) return null;
	return { ...found.subscriber, conferenceName: found.conferenceName };
}

/** A sign-up that waits for this confirmation link, for the page that shows its button. */
export async function pendingSignUp(data: Data, token: string, now = new Date()) {
	const { conferences, newsletterSubscribers } = data.t;
	if (token.length > 100) return null;
	const found = first(
		await data.q
			.select({ edition: newsletterSubscribers.edition, expiresAt: newsletterSubscribers.confirmExpiresAt, conferenceName: conferences.name })
			.from(newsletterSubscribers)
			.innerJoin(conferences, eq(conferences.id, newsletterSubscribers.conferenceId))
			.where(and(eq(newsletterSubscribers.confirmTokenHash, hashToken(token)), eq(newsletterSubscribers.state, 'pending')))
	);
	if (!found || !found.expiresAt || found.expiresAt <= now) return null;
	return found;
}

async function consentLogs(data: Data, subscriberIds: string[]) {
	const { newsletterConsents } = data.t;
	const logs = new Map<string, Consent[]>();
	// SQLite takes at most 32,766 variables: the ids go in chunks.
	for (let i = 0; i < subscriberIds.length; i += 5000) {
		const rows = await data.q
			.select()
			.from(newsletterConsents)
			.where(inArray(newsletterConsents.subscriberId, subscriberIds.slice(i, i + 5000)))
			.orderBy(asc(newsletterConsents.at), asc(newsletterConsents.id));
		for (const row of rows) logs.set(row.subscriberId, [...(logs.get(row.subscriberId) ?? []), row]);
	}
	// A sign-up from the account page is signed up and confirmed at one instant, and ids are random:
	// events of one instant are told in the order of a consent's life, never confirmed before signed up.
	for (const log of logs.values()) log.sort((a, b) => a.at.getTime() - b.at.getTime() || lifeOrder(a) - lifeOrder(b));
	return logs;
}

const lifeOrder = (e: Consent) => CONSENT_EVENTS.indexOf(e.event);

const publicEvent = (e: Consent) => ({
	event: e.event,
	at: e.at.toISOString(),
	via: e.via,
	edition: e.edition,
	formText: e.formText,
	privacyPolicyVersion: e.privacyPolicyVersion,
	clientAddress: e.clientAddress
});

/** "Download my data" (Art. 15, 20 DSGVO): the subscription and its whole consent log, as kept. */
export async function subscriberData(data: Data, subscriber: LinkedSubscriber) {
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
		consentLog: ((await consentLogs(data, [subscriber.id])).get(subscriber.id) ?? []).map(publicEvent)
	};
}

/** How many subscribers the office's list shows at a time. */
export const SUBSCRIBERS_PER_PAGE = 100;

/** Subscribers with their consent logs, in the list's order: pending first, then active, then ended; newest first. */
async function subscribersWithLogs(data: Data, where: SQL | undefined, page?: { limit: number; offset: number }) {
	const { newsletterSubscribers } = data.t;
	const query = data.q
		.select()
		.from(newsletterSubscribers)
		.where(where)
		.orderBy(asc(newsletterSubscribers.state), desc(newsletterSubscribers.createdAt), asc(newsletterSubscribers.id));
	const subscribers = page ? await query.limit(page.limit).offset(page.offset) : await query;
	const logs = await consentLogs(
		data,
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
export async function subscriberOverview(data: Data, actor: Actor, conferenceId: string, options: { search?: string; page?: number } = {}) {
	const { newsletterSubscribers } = data.t;
	authorize(actor, 'newsletter.subscribers', { conferenceId });
	const inConference = eq(newsletterSubscribers.conferenceId, conferenceId);
	const counts = await data.q
		.select({ state: newsletterSubscribers.state, edition: newsletterSubscribers.edition, n: count() })
		.from(newsletterSubscribers)
		.where(inConference)
		.groupBy(newsletterSubscribers.state, newsletterSubscribers.edition);
	const search = options.search?.trim().toLowerCase().slice(0, EMAIL_MAX) ?? '';
	// instr (strpos on PostgreSQL), not LIKE: what is typed is looked for as it is, % and _ included.
	const found =
		data.dialect === 'postgres' ? sql`strpos(${newsletterSubscribers.email}, ${search}) > 0` : sql`instr(${newsletterSubscribers.email}, ${search}) > 0`;
	const where = search ? and(inConference, found) : inConference;
	const total = first(await data.q.select({ n: count() }).from(newsletterSubscribers).where(where))?.n ?? 0;
	const pages = Math.max(1, Math.ceil(total / SUBSCRIBERS_PER_PAGE));
	const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
	return {
		counts,
		search,
		total,
		page,
		pages,
		subscribers: await subscribersWithLogs(data, where, { limit: SUBSCRIBERS_PER_PAGE, offset: (page - 1) * SUBSCRIBERS_PER_PAGE })
	};
}

/** Every subscriber of a conference with their consent log, for the office's export. */
export async function subscriberExport(data: Data, actor: Actor, conferenceId: string) {
	const { newsletterSubscribers } = data.t;
	authorize(actor, 'newsletter.subscribers', { conferenceId });
	return await subscribersWithLogs(data, eq(newsletterSubscribers.conferenceId, conferenceId));
}

/** Per conference the person belongs to: may they subscribe, and their subscription if they have one. */
export async function mySubscriptions(data: Data, actor: Actor) {
	const { conferences, newsletterSubscribers, people } = data.t;
	if (!actor.personId) return [];
	const person = first(await data.q.select({ email: people.email }).from(people).where(eq(people.id, actor.personId)));
	const ids = [...actor.conferences.keys()].filter((conferenceId) => can(actor, 'newsletter.subscribeSelf', { conferenceId }));
	if (ids.length === 0) return [];
	const names = await data.q.select({ id: conferences.id, name: conferences.name }).from(conferences).where(inArray(conferences.id, ids));
	const email = person?.email?.trim().toLowerCase() ?? null;
	// Their own subscriptions, and public sign-ups of the address the conference knows for them.
	const rows = await data.q
		.select()
		.from(newsletterSubscribers)
		.where(
			and(
				inArray(newsletterSubscribers.conferenceId, ids),
				or(eq(newsletterSubscribers.personId, actor.personId), email ? eq(newsletterSubscribers.email, email) : undefined)
			)
		);
	return names
		.sort((a, b) => a.name.localeCompare(b.name, 'de'))
		.map((c) => {
			const mine = rows.find((s) => s.conferenceId === c.id && s.state === 'active') ?? rows.find((s) => s.conferenceId === c.id);
			return { conferenceId: c.id, conferenceName: c.name, hasEmail: email !== null, state: mine?.state ?? null, edition: mine?.edition ?? null };
		});
}
