import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { changedRows, first, type Data, type Query } from '../db/client';
import { preparedFor, preparedOn } from '../db/prepared';
import { accessLinks, people, sessions } from '../db/schema';
import { newSecretToken } from '../ids';
import { transactOn } from '../effects/transactOn';

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

type SessionOptions = { accessLinkId?: string | null; notAfter?: Date | null; now?: Date };

/** What a new session's row holds (`createSessionOn` writes it). */
function newSession(token: string, personId: string, options: SessionOptions): Session {
	const now = options.now ?? new Date();
	return {
		id: hashToken(token),
		personId,
		accessLinkId: options.accessLinkId ?? null,
		createdAt: now,
		expiresAt: earliest(new Date(now.getTime() + SESSION_LIFETIME_MS), options.notAfter)
	};
}

/** Opens a session (the sign-in commands), on its own or in the caller's transaction. */
export async function createSessionOn(data: Data, token: string, personId: string, options: SessionOptions = {}, tx: Query = data.q): Promise<Session> {
	const { sessions } = data.t;
	const session = newSession(token, personId, options);
	await tx.insert(sessions).values(session);
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

/** A looked-up session's row: the session, its person, and the access link it came from (if any). */
type SessionRow = { session: Session; person: SessionPerson; linkExpiresAt: Date | null; linkConferenceId: string | null };

const NO_SESSION = { session: null, person: null, linkConferenceId: null } as const;

/**
 * What a session's row means at `now`, and the one write it needs: none, deleting it (expired),
 * or extending it (past half its life; never past the expiry of the access link it came from).
 * Both forms of `validateSessionToken` run this; they differ only in how they run the write.
 */
function judgeSession(row: SessionRow | undefined, now: Date): { validation: SessionValidation; write: null | 'delete' | { expiresAt: Date } } {
	if (!row) return { validation: NO_SESSION, write: null };
	const { session, person, linkExpiresAt, linkConferenceId } = row;
	if (now.getTime() >= session.expiresAt.getTime()) return { validation: NO_SESSION, write: 'delete' };
	let write: { expiresAt: Date } | null = null;
	if (session.expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS) {
		const renewed = earliest(new Date(now.getTime() + SESSION_LIFETIME_MS), linkExpiresAt);
		if (renewed.getTime() > session.expiresAt.getTime()) write = { expiresAt: renewed };
	}
	return { validation: { session: write ? { ...session, expiresAt: write.expiresAt } : session, person, linkConferenceId }, write };
}

/**
 * Looks the token up by hash, drops it when expired, slides the expiry when it is half used.
 * The synchronous twin of `validateSessionTokenOn`, kept for `bench:data`'s comparison only:
 * nothing in src/ or tests/ calls it any more.
 */
export function validateSessionToken(db: Db, token: string, now = new Date()): SessionValidation {
	const id = hashToken(token);
	const { validation, write } = judgeSession(sessionById(db).get({ id }), now);
	if (write === 'delete') db.delete(sessions).where(eq(sessions.id, id)).run();
	else if (write) db.update(sessions).set(write).where(eq(sessions.id, id)).run();
	return validation;
}

const sessionOn = preparedOn((q, t) =>
	q
		.select({ session: t.sessions, person: t.people, linkExpiresAt: t.accessLinks.expiresAt, linkConferenceId: t.accessLinks.conferenceId })
		.from(t.sessions)
		.innerJoin(t.people, eq(t.sessions.personId, t.people.id))
		.leftJoin(t.accessLinks, eq(t.sessions.accessLinkId, t.accessLinks.id))
		.where(eq(t.sessions.id, sql.placeholder('id')))
);
const deleteSessionOn = preparedOn((q, t) => q.delete(t.sessions).where(eq(t.sessions.id, sql.placeholder('id'))));
const extendSessionOn = preparedOn((q, t) =>
	q
		.update(t.sessions)
		.set({ expiresAt: sql`${sql.placeholder('expiresAt')}` })
		.where(eq(t.sessions.id, sql.placeholder('id')))
);

/**
 * `validateSessionToken` on the data layer, what every request with a session cookie runs: one
 * prepared read, and a write only when the session expired (deleted) or is past half its life
 * (extended). Each statement on its own: two requests of one person extending the session at once
 * write the same expiry, and a deleted session stays deleted.
 */
export async function validateSessionTokenOn(data: Data, token: string, now = new Date()): Promise<SessionValidation> {
	const id = hashToken(token);
	const { validation, write } = judgeSession(await sessionOn(data).first({ id }), now);
	if (write === 'delete') await deleteSessionOn(data).run({ id });
	else if (write) await extendSessionOn(data).run({ id, expiresAt: write.expiresAt });
	return validation;
}

/** Is the session with this id still there and not expired (what an open live connection is re-checked against)? */
export async function sessionAliveOn(data: Data, sessionId: string, now = new Date()): Promise<boolean> {
	const { sessions } = data.t;
	const rows = await data.q
		.select({ id: sessions.id })
		.from(sessions)
		.where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)));
	return rows.length > 0;
}

function earliest(date: Date, cap: Date | null | undefined): Date {
	return cap && cap.getTime() < date.getTime() ? cap : date;
}

/** Signs one session out; connections it opened lose their rights. */
export async function invalidateSessionOn(data: Data, sessionId: string): Promise<void> {
	const { sessions } = data.t;
	await transactOn(data, async (tx, effects) => {
		const row = first(await tx.delete(sessions).where(eq(sessions.id, sessionId)).returning({ personId: sessions.personId }));
		if (row) effects.rightsChanged({ personId: row.personId });
	});
}

/** Signs the person out everywhere: how many sessions ended. */
export async function invalidateAllSessionsOn(data: Data, personId: string): Promise<number> {
	const { sessions } = data.t;
	return transactOn(data, async (tx, effects) => {
		const ended = changedRows(await tx.delete(sessions).where(eq(sessions.personId, personId)));
		// Open live connections were authenticated by those sessions: they end too.
		effects.rightsChanged({ personId });
		return ended;
	});
}
