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

/**
 * The forms that upload a file, and may send more: a logo of LOGO_MAX_BYTES and the multipart
 * frame around it. adapter-node's own `BODY_SIZE_LIMIT` (set by `server/index.ts` unless the
 * operator sets it) is this, the largest body it reads at all.
 */
export const UPLOAD_BODY_SIZE_LIMIT = LOGO_MAX_BYTES + 64 * 1024;

export const UPLOAD_ROUTES = [
	{ routeId: '/(app)/conferences/[conferenceId]/settings', action: 'logo' },
	// Mein Geld: a ticket's photo from the phone (the receipts decide what size and type they take).
	{ routeId: '/(easy)/einfach/geld/[claimId]', action: 'ticket' }
] as const;
