import { parseBic, parseIban } from '../../../domain/allowances/iban';
import { SEPA_NAME_MAX } from '../../../domain/allowances/types';
import { CommandError } from './errors';

/*
 * Bank details as the commands take them: checked here once more whatever the form did, since
 * a payout file with a wrong IBAN or an over-long name is refused by the bank as a whole.
 */

/** The IBAN in electronic form ("DE89370400440532013000"), or a refusal naming what is wrong. */
export function requireIban(text: string, field: string): string {
	const parsed = parseIban(text);
	if ('iban' in parsed) return parsed.iban;
	throw new CommandError(parsed.problem === 'empty' ? 'iban_required' : parsed.problem === 'checksum' ? 'iban_checksum' : 'iban_invalid', field);
}

/** A BIC in its canonical form, or null when none was given. */
export function optionalBic(text: string | null | undefined, field: string): string | null {
	if (text === null || text === undefined || text.trim() === '') return null;
	const bic = parseBic(text);
	if (!bic) throw new CommandError('bic_invalid', field);
	return bic;
}

/** A name as a transfer carries it: required, at most the SEPA limit of 70 characters. */
export function requireSepaName(text: string | null | undefined, field: string): string {
	const name = (text ?? '').replace(/\s+/g, ' ').trim();
	if (name === '') throw new CommandError('account_holder_required', field);
	if (name.length > SEPA_NAME_MAX) throw new CommandError('account_holder_too_long', field);
	return name;
}
