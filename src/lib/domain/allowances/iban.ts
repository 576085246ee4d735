import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools';

/**
 * IBANs as people type them ("de89 3704 0044 0532 0130 00") and as banks need them
 * ("DE89370400440532013000"). Validation is ibantools' (country length, check digits).
 */
export type IbanProblem = 'empty' | 'invalid' | 'checksum';

export function parseIban(text: string): { iban: string } | { problem: IbanProblem } {
	const iban = electronicFormatIBAN(text.trim()) ?? '';
	if (iban === '') return { problem: 'empty' };
	const result = validateIBAN(iban);
	if (result.valid) return { iban };
	// ibantools reports a wrong checksum for a wrong length too: only a well-formed IBAN has a typo "in the check digits".
	const onlyChecksum = result.errorCodes.length > 0 && result.errorCodes.every((code) => code === ValidationErrorsIBAN.WrongIBANChecksum);
	return { problem: onlyChecksum ? 'checksum' : 'invalid' };
}

/** "DE89 3704 0044 0532 0130 00": for reading aloud and comparing with a bank card. */
export function formatIban(iban: string): string {
	return friendlyFormatIBAN(iban) ?? iban;
}

/** "DE89 •••• •••• •••• ••30 00": enough to recognise an account, not to use it. */
export function maskIban(iban: string): string {
	const visible = iban.slice(0, 4) + '•'.repeat(Math.max(0, iban.length - 8)) + iban.slice(-4);
	return formatIban(visible);
}

/**
 * A BIC as typed ("cobadeffxxx", "COBA DE FF") → "COBADEFFXXX", or null when it has not the shape
 * of one (4 letters bank, 2 letters country, 2 location, optionally 3 branch). Optional inside
 * the EEA (IBAN-only), so an empty entry is the caller's to allow.
 */
export function parseBic(text: string): string | null {
	const bic = text.replace(/\s/g, '').toUpperCase();
	return isValidBIC(bic) ? bic : null;
}
