import { createHash } from 'node:crypto';
import { recordAuditIn } from '../audit/record';
import type { Data } from '../db/client';
import { authorize, type Actor } from '../policies';
import { CommandError } from './support/errors';
import { SIGNATURE_MAX_BYTES, sniffSignatureType } from '../../domain/invitations';

/**
 * Sets (or replaces) the signature printed under the invitation letters, as `setConferenceLogo`
 * does the logo: the type is read from the bytes (PNG or JPEG only), the size is bounded. Unlike
 * the logo it is never served publicly: the mail carries it inline, the print page from an
 * address only the office can open.
 */
export async function setSignatureImage(data: Data, actor: Actor, conferenceId: string, bytes: Uint8Array) {
	authorize(actor, 'conference.update', { conferenceId });
	if (bytes.byteLength > SIGNATURE_MAX_BYTES) throw new CommandError('invite_signature_too_large', 'signature');
	const contentType = sniffSignatureType(bytes);
	if (!contentType) throw new CommandError('invite_signature_type', 'signature');
	const version = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
	const row = { conferenceId, contentType, bytes: Buffer.from(bytes), size: bytes.byteLength, version, updatedAt: new Date() };
	const { conferenceSignatures } = data.t;
	return data.transaction(async (tx) => {
		await tx
			.insert(conferenceSignatures)
			.values(row)
			.onConflictDoUpdate({
				target: conferenceSignatures.conferenceId,
				set: { contentType, bytes: row.bytes, size: row.size, version, updatedAt: row.updatedAt }
			});
		await recordAuditIn(data, tx, actor, {
			action: 'conference.setSignature',
			conferenceId,
			subjectType: 'conference',
			subjectId: conferenceId,
			after: { contentType, size: row.size, version }
		});
		return { contentType, version };
	});
}
