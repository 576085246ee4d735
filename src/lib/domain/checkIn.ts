/**
 * Check-in codes: short enough to type on a phone, read aloud or put on a slide. No 0/O, 1/I/L:
 * they are easy to confuse when read from a projector.
 */
export const CHECK_IN_METHODS = ['qr', 'code', 'office'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

export const CHECK_IN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECK_IN_CODE_LENGTH = 6;

/** What people type, however spaced or cased ("abc 234", "ABC-234"), as the stored code. */
export function normalizeCheckInCode(typed: string): string {
	return typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The code as shown: two groups of three, easier to read out and to type. */
export function formatCheckInCode(code: string): string {
	return `${code.slice(0, 3)}-${code.slice(3)}`;
}

export function isCheckInCode(code: string): boolean {
	return code.length === CHECK_IN_CODE_LENGTH && [...code].every((c) => CHECK_IN_ALPHABET.includes(c));
}
