import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { preparedFor } from '../db/prepared';
import { accessLinks, people, sessions } from '../db/schema';
import { newSecretToken } from '../ids';
import { transact } from '../effects';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** Past half its life a used session is extended: active people stay signed in. */
const RENEW_WHEN_LEFT_MS = 15 * DAY;

export type Session = typeof sessions.$inferSelect;
export type SessionPerson = typeof people.$inferSelect;

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function generateSessionToken(): string {
	return newSecretToken();
}

export function createSession(
	db: Db,
	token: string,
	personId: string,
	options: { accessLinkId?: string | null; notAfter?: Date | null; now?: Date } = {}
): Session {
	const now = options.now ?? new Date();
	const session: Session = {
		id: hashToken(token),
		personId,
		accessLinkId: options.accessLinkId ?? null,
		createdAt: now,
		expiresAt: earliest(new Date(now.getTime() + SESSION_LIFETIME_MS), options.notAfter)
	};
	db.insert(sessions).values(session).run();
	return session;
}

/**
 * A session opened with an access link carries that link's conference: the rights it grants
 * stop there (see loadActor), so a card never unlocks a staff account or another conference.
 */
export type SessionValidation =
	{ session: Session; person: SessionPerson; linkConferenceId: string | null } | { session: null; person: null; linkConferenceId: null };

const sessionById = preparedFor((db) =>
	db
		.select({ session: sessions, person: people, linkExpiresAt: accessLinks.expiresAt, linkConferenceId: accessLinks.conferenceId })
		.from(sessions)
		.innerJoin(people, eq(sessions.personId, people.id))
		.leftJoin(accessLinks, eq(sessions.accessLinkId, accessLinks.id))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare()
);

/** Looks the token up by hash, drops it when expired, slides the expiry when it is half used. */
export function validateSessionToken(db: Db, token: string, now = new Date()): SessionValidation {
	const id = hashToken(token);
	const row = sessionById(db).get({ id });
	const none = { session: null, person: null, linkConferenceId: null } as const;
	if (!row) return none;
	const { session, person, linkExpiresAt, linkConferenceId } = row;
	if (now.getTime() >= session.expiresAt.getTime()) {
		db.delete(sessions).where(eq(sessions.id, id)).run();
		return none;
	}
	if (session.expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS) {
		// Sliding, but never past the expiry of the access link the session came from.
		const renewed = earliest(new Date(now.getTime() + SESSION_LIFETIME_MS), linkExpiresAt);
		if (renewed.getTime() > session.expiresAt.getTime()) {
			session.expiresAt = renewed;
			db.update(sessions).set({ expiresAt: renewed }).where(eq(sessions.id, id)).run();
		}
	}
	return { session, person, linkConferenceId };
}

function earliest(date: Date, cap: Date | null | undefined): Date {
	return cap && cap.getTime() < date.getTime() ? cap : date;
}

export function invalidateSession(db: Db, sessionId: string): void {
	transact(db, (tx, effects) => {
		const row = tx.delete(sessions).where(eq(sessions.id, sessionId)).returning({ personId: sessions.personId }).get();
		if (row) effects.rightsChanged({ personId: row.personId });
	});
}

export function invalidateAllSessions(db: Db, personId: string): number {
	return transact(db, (tx, effects) => {
		const ended = tx.delete(sessions).where(eq(sessions.personId, personId)).run().changes;
		// Open live connections were authenticated by those sessions: they end too.
		effects.rightsChanged({ personId });
		return ended;
	});
}
