/**
 * What a conference logo may be. PNG, JPEG and WebP only, recognised by their first bytes (never
 * by the name or the type the browser claims). SVG is refused: an SVG is a document that may carry
 * scripts and links, and opened at its own address it runs on our origin; making it safe takes a
 * sanitizer we would have to trust with every future SVG feature. A raster logo needs none.
 */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** 1 MB: a press office's JPEG fits; the header shows it 48 px high, the projector a few hundred. */
export const LOGO_MAX_BYTES = 1024 * 1024;

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);

/** The image type the bytes themselves declare, or null for anything else (SVG, GIF, PDF, text …). */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	// RIFF <size> WEBP
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	return null;
}

/** The logo's public address; `version` changes with its bytes, so the address may be cached for good. */
export const logoUrl = (conferenceId: string, version: string) => `/oeffentlich/${conferenceId}/logo?v=${version}`;
