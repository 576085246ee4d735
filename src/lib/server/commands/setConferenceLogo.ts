import { createHash } from 'node:crypto';
import { recordAuditIn } from '../audit/record';
import type { Data } from '../db/client';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { LOGO_MAX_BYTES, sniffLogoType } from '../../domain/logo';

/**
 * Sets (or replaces) a conference's logo. The type is read from the bytes; anything but PNG,
 * JPEG or WebP is refused, and so is a file over LOGO_MAX_BYTES. Who may change the conference's
 * settings may change its logo.
 */
export async function setConferenceLogo(data: Data, actor: Actor, conferenceId: string, bytes: Uint8Array) {
	authorize(actor, 'conference.update', { conferenceId });
	if (bytes.byteLength > LOGO_MAX_BYTES) throw new CommandError('look_logo_too_large', 'logo');
	const contentType = sniffLogoType(bytes);
	if (!contentType) throw new CommandError('look_logo_type', 'logo');
	const version = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
	const row = { conferenceId, contentType, bytes: Buffer.from(bytes), size: bytes.byteLength, version, updatedAt: new Date() };
	const { conferenceLogos } = data.t;
	return data.transaction(async (tx) => {
		await tx
			.insert(conferenceLogos)
			.values(row)
			.onConflictDoUpdate({ target: conferenceLogos.conferenceId, set: { contentType, bytes: row.bytes, size: row.size, version, updatedAt: row.updatedAt } });
		await recordAuditIn(data, tx, actor, {
			action: 'conference.setLogo',
			conferenceId,
			subjectType: 'conference',
			subjectId: conferenceId,
			after: { contentType, size: row.size, version }
		});
		return { contentType, version };
	});
}
