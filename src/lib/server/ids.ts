import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 80 random bits, 16 characters: ids for rows that appear in URLs. */
export function newId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** 160 random bits: secrets handed to people (session cookies, access links). */
export function newSecretToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
