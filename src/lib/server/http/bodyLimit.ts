import { RECEIPT_MAX_BYTES } from '../../domain/allowances/receiptLimits';
import { LOGO_MAX_BYTES } from '../../domain/logo';
import { SIGNATURE_MAX_BYTES } from '../../domain/invitations';

/**
 * The largest form body the server reads. Every field a person types into is capped
 * (`$lib/fieldLimits`, the pages' `maxlength`), so the largest form, every field filled to its
 * cap with characters of three UTF-8 bytes each and percent-encoded (9 bytes a character), stays
 * well below this; `forms/limits.spec.ts` computes it for every form. Anything larger does not
 * come from our pages and is refused with 413 before it is read to its end
 * (`http/formBodyLimit.ts`, installed by hooks.server.ts).
 */
export const BODY_SIZE_LIMIT = 128 * 1024;

/** Room for the multipart frame and the form's other fields around an uploaded file. */
const MULTIPART_ROOM = 64 * 1024;

/**
 * The forms that upload a file, each with the most it may send: its file's limit and the frame
 * around it. A body past a form's own limit is refused with 413 before it is read to its end
 * (`http/formBodyLimit.ts`); a file between its limit and that is read and refused by the command,
 * with the form's own message.
 */
export const UPLOAD_ROUTES = [
	{ routeId: '/(app)/conferences/[conferenceId]/settings', action: 'logo', limit: LOGO_MAX_BYTES + MULTIPART_ROOM },
	// A receipt: the office's draft editor and the person's "Mein Geld" (a ticket photo).
	{ routeId: '/(app)/conferences/[conferenceId]/allowances/[claimId]/edit', action: 'addLine', limit: RECEIPT_MAX_BYTES + 512 * 1024 },
	{ routeId: '/(easy)/einfach/geld/[claimId]', action: 'ticket', limit: RECEIPT_MAX_BYTES + 512 * 1024 },
	// The signature under invitation letters (issue 18, part B).
	{ routeId: '/(app)/conferences/[conferenceId]/settings/invitations', action: 'signature', limit: SIGNATURE_MAX_BYTES + MULTIPART_ROOM }
] as const;

/**
 * The largest body adapter-node reads at all (its own `BODY_SIZE_LIMIT`, set by `server/index.ts`
 * unless the operator sets it): the largest upload's.
 */
export const UPLOAD_BODY_SIZE_LIMIT = Math.max(...UPLOAD_ROUTES.map((u) => u.limit));
