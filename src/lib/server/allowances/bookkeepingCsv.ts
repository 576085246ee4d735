import { centsToDecimal } from '../../domain/allowances/money';

export interface BookkeepingRow {
	reference: string;
	person: string;
	meeting: string;
	/** YYYY-MM-DD */
	meetingDate: string;
	amountCents: number;
	batch: string;
	/** YYYY-MM-DD */
	paidOn: string;
}

/** German Excel opens a `;`-separated file with a byte-order mark as UTF-8 without asking. */
const BOM = '\uFEFF';

/**
 * One cell: a text a spreadsheet would read as a formula (= + - @, and tab or carriage return,
 * which some treat the same) starts with an apostrophe; quoted when it holds the separator, a
 * quote or a line break.
 */
export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** "12,50": the amount as German bookkeeping software reads it (exact, from cents). */
export const csvAmount = (cents: number) => centsToDecimal(cents).replace('.', ',');

/** The list for the treasury: one line per claim, headings in the office's language. */
export function bookkeepingCsv(headings: readonly string[], rows: readonly BookkeepingRow[]): string {
	const lines = [headings.map(csvCell).join(';')];
	for (const r of rows) {
		// The amount is written as produced (digits and a comma): never a formula, even when negative.
		lines.push([csvCell(r.reference), csvCell(r.person), csvCell(r.meeting), r.meetingDate, csvAmount(r.amountCents), csvCell(r.batch), r.paidOn].join(';'));
	}
	return BOM + lines.join('\r\n') + '\r\n';
}
