import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Db } from '../db';

/**
 * Secrets a job must carry until it runs (the token of a link to mail), sealed with AES-256-GCM.
 * The key is JOBS_SECRET when set, else a random key in a file next to the database
 * (`<database>.jobkey`, mode 0600), created on first use: a copy of the database alone (a backup,
 * an export) does not reveal the tokens of mails still waiting. The job's key is bound in as
 * associated data, so a sealed value cannot be moved to another job.
 */
const slot = Symbol.for('ratschlag.jobs.sealKeys');
const g = globalThis as unknown as Record<symbol, Map<string, Buffer> | undefined>;

/** The database the job lives in names the key file; a database in memory gets a key for this process. */
type KeyHolder = Pick<Db, '$client'>;

function sealKey(db: KeyHolder): Buffer {
	const secret = process.env.JOBS_SECRET?.trim();
	if (secret) return createHash('sha256').update(secret).digest();
	const path = db.$client.memory ? ':memory:' : db.$client.name;
	const keys = (g[slot] ??= new Map());
	const cached = keys.get(path);
	if (cached) return cached;
	let key: Buffer;
	if (path === ':memory:') key = randomBytes(32);
	else {
		const file = `${path}.jobkey`;
		if (!existsSync(file)) {
			// Written whole under another name, then linked into place: two processes starting
			// together neither overwrite each other's key nor read one half written.
			const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
			writeFileSync(draft, randomBytes(32).toString('base64'), { mode: 0o600 });
			try {
				linkSync(draft, file);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			} finally {
				unlinkSync(draft);
			}
			chmodSync(file, 0o600);
		}
		key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
		// Never cache a key that is not one: every seal would fail until a restart.
		if (key.length !== 32) throw new Error(`${file} does not hold a 256-bit key`);
	}
	keys.set(path, key);
	return key;
}

export function seal(db: KeyHolder, plain: string, boundTo: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', sealKey(db), iv);
	cipher.setAAD(Buffer.from(boundTo));
	const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** Throws when the value was sealed with another key or for another job. */
export function unseal(db: KeyHolder, sealed: string, boundTo: string): string {
	const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
	const decipher = createDecipheriv('aes-256-gcm', sealKey(db), iv);
	decipher.setAAD(Buffer.from(boundTo));
	decipher.setAuthTag(tag);
	return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/**
 * A key for one purpose, derived from the sealing key: links that must stay valid without storing
 * a secret (a newsletter subscriber's personal link) are signed with it.
 */
export function derivedKey(db: KeyHolder, purpose: string): Buffer {
	return createHmac('sha256', sealKey(db)).update(`ratschlag:${purpose}`).digest();
}
