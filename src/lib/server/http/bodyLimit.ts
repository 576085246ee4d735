import { LOGO_MAX_BYTES } from '../../domain/logo';

/**
 * The largest form body the server reads. Every field a person types into is capped
 * (`$lib/fieldLimits`, the pages' `maxlength`), so the largest form, every field filled to its
 * cap with characters of three UTF-8 bytes each and percent-encoded (9 bytes a character), stays
 * well below this; `forms/limits.spec.ts` computes it for every form. Anything larger does not
 * come from our pages and is refused with 413 before it is read to its end
 * (`http/formBodyLimit.ts`, installed by hooks.server.ts).
 */
export const BODY_SIZE_LIMIT = 128 * 1024;

/** The multipart frame around an uploaded file: its headers and the form's other fields. */
const FRAME = 64 * 1024;

/**
 * A receipt's largest file (`RECEIPT_MAX_BYTES` in `server/allowances/receipts`), written out here
 * so the server's start loads no image library; `bodyLimit.spec.ts` holds the two together.
 */
const RECEIPT_BYTES = 10 * 1024 * 1024;

/**
 * The forms that upload a file, each with the largest body it may send: its file and the multipart
 * frame around it (`http/formBodyLimit.ts` holds each to its own).
 */
export const UPLOAD_ROUTES = [
	{ routeId: '/(app)/conferences/[conferenceId]/settings', action: 'logo', maxBytes: LOGO_MAX_BYTES + FRAME },
	// Mein Geld: a ticket's photo from the phone, at full size (an iPhone photo is several MB).
	{ routeId: '/(easy)/einfach/geld/[claimId]', action: 'ticket', maxBytes: RECEIPT_BYTES + FRAME }
] as const;

/**
 * adapter-node's own `BODY_SIZE_LIMIT` (set by `server/index.ts` unless the operator sets it): the
 * largest body it reads at all, that of the largest upload.
 */
export const UPLOAD_BODY_SIZE_LIMIT = Math.max(...UPLOAD_ROUTES.map((u) => u.maxBytes));
