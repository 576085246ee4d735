import { sniffLogoType } from './logo';

/**
 * Invitation rounds as data shared by forms, commands and pages. Who receives a round is chosen by
 * one criterion: all members, the members of one sector, one group, or everyone with one role.
 */
export const RECIPIENT_KINDS = ['all', 'sector', 'group', 'role'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** The signature under the letters: a scan of a few hundred pixels; PNG or JPEG, read from the bytes. */
export const SIGNATURE_MAX_BYTES = 256 * 1024;
export type SignatureType = 'image/png' | 'image/jpeg';

export function sniffSignatureType(bytes: Uint8Array): SignatureType | null {
	const type = sniffLogoType(bytes);
	return type === 'image/png' || type === 'image/jpeg' ? type : null;
}

/** A sitting without a set end (plenary_sessions has none) is taken to last this long. */
export const PLENARY_ASSUMED_MINUTES = 180;

/** Days before the date at which reminders may go out, as the schema allows. */
export const REMIND_DAYS = { min: 1, max: 60 } as const;
export const CAPACITY = { min: 1, max: 100_000 } as const;
