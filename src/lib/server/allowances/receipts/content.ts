import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import heicConvert from 'heic-convert';
import sharp from 'sharp';
import { CommandError } from '../../commands/support/errors';

/** The largest receipt taken: a phone photo at full resolution, or a scanned PDF of a few pages. */
export const RECEIPT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The most pixels an image may decode to: a 48-megapixel phone camera is 8064 × 6048 (49 M). A
 * small file that claims far more (a decompression bomb) is refused before it is decoded.
 */
export const RECEIPT_MAX_PIXELS = 64_000_000;

/** What a receipt is once taken: the bytes to store and the type they are served as. */
export interface CleanReceipt {
	bytes: Uint8Array;
	contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
	sha256: string;
}

type Kind = 'jpeg' | 'png' | 'pdf' | 'heic';

const KIND_OF_MIME: Record<string, Kind> = {
	'image/jpeg': 'jpeg',
	'image/png': 'png',
	'application/pdf': 'pdf',
	'image/heic': 'heic',
	'image/heic-sequence': 'heic',
	'image/heif': 'heic',
	'image/heif-sequence': 'heic'
};

/**
 * What the bytes are, read from their content: the name and the browser's type are the sender's
 * word and are never asked. Anything but JPEG, PNG, PDF and HEIC/HEIF is refused.
 */
export async function receiptKind(bytes: Uint8Array): Promise<Kind> {
	if (bytes.byteLength > RECEIPT_MAX_BYTES) throw new CommandError('receipt_too_large', 'receipt');
	const type = await fileTypeFromBuffer(bytes);
	const kind = type && KIND_OF_MIME[type.mime];
	if (!kind) throw new CommandError('receipt_type_not_allowed', 'receipt');
	return kind;
}

/**
 * The receipt as it is stored. Photos are decoded and encoded anew, which drops everything but
 * the pixels: the camera's location (EXIF GPS), its serial number, the time the photo was taken.
 * The orientation is applied first (`rotate()`), since the tag that held it goes too. An iPhone's
 * HEIC is turned into JPEG first: the prebuilt libvips of sharp cannot decode HEVC. A PDF is stored
 * as sent; it is served in a sandbox (see the receipt route), never run as a page of ours.
 */
export async function cleanReceipt(bytes: Uint8Array): Promise<CleanReceipt> {
	const kind = await receiptKind(bytes);
	if (kind === 'pdf') return finished(bytes, 'application/pdf');
	const contentType = kind === 'png' ? 'image/png' : 'image/jpeg';
	try {
		return finished(await reencoded(kind === 'heic' ? await decodableHeif(bytes) : bytes, contentType), contentType);
	} catch (error) {
		if (error instanceof CommandError) throw error;
		throw new CommandError('receipt_unreadable', 'receipt');
	}
}

function finished(bytes: Uint8Array, contentType: CleanReceipt['contentType']): CleanReceipt {
	return { bytes, contentType, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function reencoded(bytes: Uint8Array, contentType: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
	const image = sharp(bytes, { limitInputPixels: RECEIPT_MAX_PIXELS }).rotate();
	const out = contentType === 'image/png' ? image.png() : image.jpeg({ quality: 85, mozjpeg: true });
	return new Uint8Array(await out.toBuffer());
}

/**
 * A HEIF file as bytes sharp decodes. Its size is read from the header first and bounded, as
 * sharp would bound it. sharp decodes HEIF coded in AV1 itself; an iPhone's HEIC is coded in
 * HEVC, which sharp's prebuilt libvips cannot decode, so heic-convert (libheif in WebAssembly)
 * turns it into a JPEG first.
 */
async function decodableHeif(bytes: Uint8Array): Promise<Uint8Array> {
	const { width, height } = await sharp(bytes).metadata();
	if (!width || !height || width * height > RECEIPT_MAX_PIXELS) throw new CommandError('receipt_unreadable', 'receipt');
	try {
		await sharp(bytes, { limitInputPixels: RECEIPT_MAX_PIXELS }).raw().toBuffer({ resolveWithObject: false });
		return bytes;
	} catch {
		return new Uint8Array(await heicConvert({ buffer: bytes, format: 'JPEG', quality: 0.92 }));
	}
}

/** The name the file had, for the office's download only: no path, no control characters, not too long. */
export function cleanReceiptName(name: string): string | null {
	const base = name.split(/[\\/]/).pop() ?? '';
	const clean = [...base]
		.filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'"<>|*?:'.includes(c))
		.join('')
		.trim()
		.slice(0, 120);
	return clean.length > 0 ? clean : null;
}
