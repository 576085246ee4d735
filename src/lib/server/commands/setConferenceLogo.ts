import { createHash } from 'node:crypto';
import type { Db } from '../db';
import { conferenceLogos } from '../db/schema';
import { recordAudit } from '../audit/record';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { LOGO_MAX_BYTES, sniffLogoType } from '../../domain/logo';

/**
 * Sets (or replaces) a conference's logo. The type is read from the bytes; anything but PNG,
 * JPEG or WebP is refused, and so is a file over LOGO_MAX_BYTES. Who may change the conference's
 * settings may change its logo.
 */
export function setConferenceLogo(db: Db, actor: Actor, conferenceId: string, bytes: Uint8Array) {
	authorize(actor, 'conference.update', { conferenceId });
	if (bytes.byteLength > LOGO_MAX_BYTES) throw new CommandError('look_logo_too_large', 'logo');
	const contentType = sniffLogoType(bytes);
	if (!contentType) throw new CommandError('look_logo_type', 'logo');
	const version = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
	const row = { conferenceId, contentType, bytes: Buffer.from(bytes), size: bytes.byteLength, version, updatedAt: new Date() };
	return db.transaction((tx) => {
		tx.insert(conferenceLogos)
			.values(row)
			.onConflictDoUpdate({ target: conferenceLogos.conferenceId, set: { contentType, bytes: row.bytes, size: row.size, version, updatedAt: row.updatedAt } })
			.run();
		recordAudit(tx, actor, {
			action: 'conference.setLogo',
			conferenceId,
			subjectType: 'conference',
			subjectId: conferenceId,
			after: { contentType, size: row.size, version }
		});
		return { contentType, version };
	});
}
