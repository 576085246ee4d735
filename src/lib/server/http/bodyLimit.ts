/**
 * The largest request body the server reads: adapter-node's `BODY_SIZE_LIMIT` (its default is
 * 512 KB), set by `server/index.ts` unless the operator sets it. Every field a person types into
 * is capped (`$lib/fieldLimits`, the pages' `maxlength`), so the largest form, every field filled
 * to its cap with characters of three UTF-8 bytes each and percent-encoded (9 bytes a character),
 * stays well below this; `forms/limits.spec.ts` computes it for every form. Anything larger does
 * not come from our pages and is refused with 413 before it is read to its end.
 */
export const BODY_SIZE_LIMIT = 128 * 1024;
