import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { changedRows, first, type Data, type Query } from '../db/client';
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
export async function knownDeviceOn(data: Data, token: string, email: string, now = new Date()): Promise<string | null> {
	const { accounts, trustedDevices } = data.t;
	const row = first(
		await data.q
			.select({ id: trustedDevices.id, expiresAt: trustedDevices.expiresAt })
			.from(trustedDevices)
			.innerJoin(accounts, eq(accounts.personId, trustedDevices.personId))
			.where(and(eq(trustedDevices.id, hashToken(token)), eq(accounts.email, email.trim().toLowerCase())))
	);
	return row && row.expiresAt.getTime() > now.getTime() ? row.id : null;
}

/**
 * After a password sign-in: the browser gets a new device cookie for this account. The cookie it
 * brought, if any (of this account or another), is replaced and forgotten, so a token is used for
 * one stretch only; this account's expired devices, and those beyond the cap, are forgotten too.
 */
export async function rememberDeviceOn(data: Data, personId: string, broughtToken: string | null, now = new Date()): Promise<RememberedDevice> {
	const { trustedDevices } = data.t;
	const token = newSecretToken();
	const expiresAt = new Date(now.getTime() + DEVICE_LIFETIME_MS);
	// Within one millisecond, the later insert: SQLite's rowid; on PostgreSQL the inserting
	// transaction's id (devices are never updated, so xmin stays the insert's).
	const laterInsertFirst = data.dialect === 'sqlite' ? sql`rowid desc` : sql`xmin::text::bigint desc`;
	await data.transaction(async (tx) => {
		if (broughtToken) await tx.delete(trustedDevices).where(eq(trustedDevices.id, hashToken(broughtToken)));
		await tx.delete(trustedDevices).where(and(eq(trustedDevices.personId, personId), lte(trustedDevices.expiresAt, now)));
		await tx.insert(trustedDevices).values({ id: hashToken(token), personId, createdAt: now, expiresAt });
		const beyondCap = (
			await tx
				.select({ id: trustedDevices.id })
				.from(trustedDevices)
				.where(eq(trustedDevices.personId, personId))
				// Newest first.
				.orderBy(desc(trustedDevices.createdAt), laterInsertFirst)
		).slice(DEVICES_PER_ACCOUNT);
		for (const { id } of beyondCap) await tx.delete(trustedDevices).where(eq(trustedDevices.id, id));
	});
	return { token, expiresAt };
}

/** The browser is no longer trusted (its cookie kept failing). */
export async function forgetDeviceOn(data: Data, id: string, tx: Query = data.q): Promise<void> {
	const { trustedDevices } = data.t;
	await tx.delete(trustedDevices).where(eq(trustedDevices.id, id));
}

/** "Sign out everywhere": none of the person's browsers is known any more. */
export async function forgetAllDevicesOn(data: Data, personId: string): Promise<number> {
	const { trustedDevices } = data.t;
	return changedRows(await data.q.delete(trustedDevices).where(eq(trustedDevices.personId, personId)));
}
