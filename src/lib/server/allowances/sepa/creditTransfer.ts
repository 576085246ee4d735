import { Document } from 'sepa';
import { MAX_CENTS, sumCents } from '../../../domain/allowances/money';
import { SEPA_ID_MAX, SEPA_REMITTANCE_MAX, sepaName } from './sepaText';

/** The one format we write: SEPA credit transfer initiation, ISO 20022 version 2019 (the one German banks take since November 2025). */
export const PAIN_FORMAT = 'pain.001.001.09';

/** The library numbers transactions `<MsgId>.0.<n>` (InstrId, at most 35); a MsgId this short leaves room for 99,999 transfers. */
export const MESSAGE_ID_MAX = 24;

export interface Transfer {
	/** The claim's reference: what the office and the person find on the bank statement. */
	endToEndId: string;
	amountCents: number;
	/** The exact account holder (Verification of Payee compares it with the bank's record). */
	creditorName: string;
	creditorIban: string;
	remittance: string;
}

export interface CreditTransferInput {
	messageId: string;
	createdAt: Date;
	/** YYYY-MM-DD: the day the bank is asked to carry it out. */
	executionDate: string;
	debtor: { name: string; iban: string; bic: string | null };
	transfers: readonly Transfer[];
}

/** The file does not say what we meant: a fault of ours, never handed out. */
export class SepaFileMismatch extends Error {
	constructor(what: string) {
		super(`SEPA file does not match its transfers: ${what}`);
		this.name = 'SepaFileMismatch';
	}
}

/**
 * One payment (PmtInf) with one transfer per claim. No postal addresses at all: inside the EEA a
 * transfer needs none, and since November 2026 banks refuse the unstructured address lines the
 * library would write (it writes them only when street, city and country are all set; we set none).
 *
 * The library takes amounts as JavaScript numbers and writes `amount.toFixed(2)`. Cents / 100 is
 * the double nearest to the exact decimal (one correctly rounded division), and toFixed(2) of that
 * double gives the decimal back for every amount up to MAX_CENTS; the control sum is set from the
 * integer sum the same way instead of the library's running float sum. `proveAmounts` then reads
 * the written file back and compares, as integers, so none of this is taken on trust.
 */
export function buildCreditTransfer(input: CreditTransferInput): { xml: string; totalCents: number } {
	if (input.transfers.length === 0) throw new RangeError('a credit transfer needs at least one transfer');
	if (input.messageId.length === 0 || input.messageId.length > MESSAGE_ID_MAX) throw new RangeError('MsgId: 1 to 24 characters');
	for (const t of input.transfers) {
		if (!Number.isSafeInteger(t.amountCents) || t.amountCents <= 0 || t.amountCents > MAX_CENTS) throw new RangeError(`amount out of range: ${t.amountCents}`);
		if (t.endToEndId.length === 0 || t.endToEndId.length > SEPA_ID_MAX) throw new RangeError('EndToEndId: 1 to 35 characters');
		if (t.remittance.length === 0 || t.remittance.length > SEPA_REMITTANCE_MAX) throw new RangeError('remittance: 1 to 140 characters');
	}
	const totalCents = sumCents(input.transfers.map((t) => t.amountCents));
	const debtorName = sepaName(input.debtor.name);

	const doc = new Document(PAIN_FORMAT);
	doc.grpHdr.id = input.messageId;
	doc.grpHdr.created = input.createdAt;
	doc.grpHdr.initiatorName = debtorName;

	const payment = doc.createPaymentInfo();
	payment.requestedExecutionDate = calendarDay(input.executionDate);
	payment.debtorName = debtorName;
	payment.debtorIBAN = input.debtor.iban;
	payment.debtorBIC = input.debtor.bic ?? '';
	payment.normalize = () => {
		payment.controlSum = totalCents / 100;
	};
	doc.addPaymentInfo(payment);

	for (const t of input.transfers) {
		const tx = payment.createTransaction();
		tx.end2endId = t.endToEndId;
		tx.amount = t.amountCents / 100;
		tx.creditorName = sepaName(t.creditorName);
		tx.creditorIBAN = t.creditorIban;
		tx.remittanceInfo = t.remittance;
		payment.addTransaction(tx);
	}

	const xml = doc.toString();
	proveAmounts(
		xml,
		input.transfers.map((t) => t.amountCents)
	);
	return { xml, totalCents };
}

/** "12.50" → 1250, read as digits (no float); null when it is not an amount with two decimals. */
export function decimalToCents(text: string): number | null {
	const match = /^(\d{1,13})\.(\d{2})$/.exec(text);
	return match ? Number(match[1]) * 100 + Number(match[2]) : null;
}

const textsOf = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map((m) => m[1]);

/**
 * The written file against the amounts meant, in integer cents: every InstdAmt in order, both
 * control sums (group header and payment) equal to the exact sum, the transaction counts, and no
 * postal address anywhere. Throws SepaFileMismatch otherwise.
 */
export function proveAmounts(xml: string, amountsCents: readonly number[]): void {
	const expectedTotal = sumCents(amountsCents);
	const instructed = textsOf(xml, 'InstdAmt').map(decimalToCents);
	if (instructed.length !== amountsCents.length) throw new SepaFileMismatch(`${instructed.length} InstdAmt for ${amountsCents.length} transfers`);
	instructed.forEach((cents, i) => {
		if (cents !== amountsCents[i]) throw new SepaFileMismatch(`transfer ${i + 1}: ${cents} cents written, ${amountsCents[i]} meant`);
	});
	const controlSums = textsOf(xml, 'CtrlSum').map(decimalToCents);
	if (controlSums.length !== 2 || controlSums.some((c) => c !== expectedTotal))
		throw new SepaFileMismatch(`CtrlSum ${controlSums.join(', ')}, exact sum ${expectedTotal}`);
	const counts = textsOf(xml, 'NbOfTxs');
	if (counts.length !== 2 || counts.some((n) => n !== String(amountsCents.length))) throw new SepaFileMismatch(`NbOfTxs ${counts.join(', ')}`);
	if (xml.includes('<PstlAdr')) throw new SepaFileMismatch('a postal address was written');
}

/** The library writes the date with local getters; a local midnight of that day gives it back unchanged. */
function calendarDay(isoDate: string): Date {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
	if (!match) throw new RangeError(`not a date: ${isoDate}`);
	return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}
