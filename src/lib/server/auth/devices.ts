import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts, trustedDevices } from '../db/schema';
import { newSecretToken } from '../ids';
import { hashToken } from './sessions';

const DAY = 24 * 60 * 60 * 1000;
/** A browser stays known for a year after its last password sign-in (each one renews it). */
export const DEVICE_LIFETIME_MS = 365 * DAY;
/** A person uses a handful of browsers; past this many, the one unused longest is forgotten. */
const DEVICES_PER_ACCOUNT = 10;

export interface RememberedDevice {
	/** Goes into the device cookie; only its hash is stored. */
	token: string;
	expiresAt: Date;
}

/**
 * The browser whose device cookie carries `token` is a known one of the account signing in as
 * `email`: its id, or null (no such device, expired, or a device of another account).
 */
export function knownDevice(db: Db, token: string, email: string, now = new Date()): string | null {
	const row = db
		.select({ id: trustedDevices.id, expiresAt: trustedDevices.expiresAt })
		.from(trustedDevices)
		.innerJoin(accounts, eq(accounts.personId, trustedDevices.personId))
		.where(and(eq(trustedDevices.id, hashToken(token)), eq(accounts.email, email.trim().toLowerCase())))
		.get();
	return row && row.expiresAt.getTime() > now.getTime() ? row.id : null;
}

/**
 * After a password sign-in: the browser gets a new device cookie for this account. The cookie it
 * brought, if any (of this account or another), is replaced and forgotten, so a token is used for
 * one stretch only; this account's expired devices, and those beyond the cap, are forgotten too.
 */
export function rememberDevice(db: Db, personId: string, broughtToken: string | null, now = new Date()): RememberedDevice {
	const token = newSecretToken();
	const expiresAt = new Date(now.getTime() + DEVICE_LIFETIME_MS);
	db.transaction((tx) => {
		if (broughtToken)
			tx.delete(trustedDevices)
				.where(eq(trustedDevices.id, hashToken(broughtToken)))
				.run();
		tx.delete(trustedDevices)
			.where(and(eq(trustedDevices.personId, personId), lte(trustedDevices.expiresAt, now)))
			.run();
		tx.insert(trustedDevices)
			.values({ id: hashToken(token), personId, createdAt: now, expiresAt })
			.run();
		const beyondCap = tx
			.select({ id: trustedDevices.id })
			.from(trustedDevices)
			.where(eq(trustedDevices.personId, personId))
			// Newest first; within one millisecond, the later insert.
			.orderBy(desc(trustedDevices.createdAt), sql`rowid desc`)
			.all()
			.slice(DEVICES_PER_ACCOUNT);
		for (const { id } of beyondCap) tx.delete(trustedDevices).where(eq(trustedDevices.id, id)).run();
	});
	return { token, expiresAt };
}

/** The browser is no longer trusted (its cookie kept failing). */
export function forgetDevice(db: Db, id: string): void {
	db.delete(trustedDevices).where(eq(trustedDevices.id, id)).run();
}

/** "Sign out everywhere": none of the person's browsers is known any more. */
export function forgetAllDevices(db: Db, personId: string): number {
	return db.delete(trustedDevices).where(eq(trustedDevices.personId, personId)).run().changes;
}
