import { eq } from 'drizzle-orm';
import { travelAmount, MAX_DISTANCE_TENTH_KM } from '../../domain/allowances/amounts';
import { MAX_CENTS } from '../../domain/allowances/money';
import type { AddableLineKind, TravelMode } from '../../domain/allowances/types';
import { FIELD_LIMITS } from '../../fieldLimits';
import { claimSubject, requireClaim } from '../allowances/claims';
import { cleanReceipt, cleanReceiptName } from '../allowances/receipts/content';
import { discardReceiptFile, writeReceiptFile } from '../allowances/receipts/store';
import { rulesFor } from '../allowances/rules';
import { recordAudit } from '../audit/record';
import type { Db } from '../db';
import { claimLines, claims, receipts } from '../db/schema';
import { transact } from '../effects';
import { newId } from '../ids';
import { authorize, can, type Actor } from '../policies';
import { CommandError } from './support/errors';

export interface AddClaimLineInput {
	conferenceId: string;
	claimId: string;
	kind: AddableLineKind;
	description?: string | null;
	/** travel_km: the distance in tenths of a km. */
	distanceTenthKm?: number;
	/** travel_km: car (default) or bicycle. */
	travelMode?: TravelMode;
	/** travel_km by car: the higher rate, marked by the office only. */
	officialInterest?: boolean;
	/** ticket, companion, receipt: what was paid, typed in cents. */
	amountCents?: number;
	/** ticket, receipt: a photo or PDF of it. */
	receipt?: { bytes: Uint8Array; name: string } | null;
	now?: Date;
}

const TAKES_RECEIPT: readonly AddableLineKind[] = ['ticket', 'receipt'];

/**
 * The person (or the office on their behalf) adds a line to their draft claim: a trip by km, a
 * ticket, a companion's costs or another receipted cost. A trip's amount is computed here from the
 * rules of the claim's year, never taken from the form; the other amounts are what was paid.
 *
 * Official interest (the higher km rate) is the office's judgement: a person who sends it is
 * refused rather than silently paid less, so nobody believes they claimed the higher rate.
 *
 * A receipt is checked and cleaned (metadata removed) before the transaction, since that is slow
 * and asynchronous; its file is written before its row and removed again if the row is not.
 */
export async function addClaimLine(db: Db, actor: Actor, input: AddClaimLineInput): Promise<{ lineId: string; receiptId: string | null }> {
	const claim = requireClaim(db, input.conferenceId, input.claimId);
	authorize(actor, 'claim.view', claimSubject(claim));
	if (claim.status !== 'draft') throw new CommandError('claim_not_draft');
	authorize(actor, 'claim.edit', claimSubject(claim));
	const line = lineOf(db, actor, input, claim);
	if (input.receipt && !TAKES_RECEIPT.includes(input.kind)) throw new CommandError('receipt_not_for_kind', 'receipt');
	const receipt = input.receipt ? await cleanReceipt(input.receipt.bytes) : null;
	const now = input.now ?? new Date();
	const receiptId = receipt ? newId() : null;
	if (receipt && receiptId) writeReceiptFile(db, receiptId, receipt.bytes);
	try {
		return transact(db, (tx) => {
			// Checked again inside: the claim may have been submitted while the photo was cleaned.
			const current = requireClaim(tx, input.conferenceId, input.claimId);
			if (current.status !== 'draft') throw new CommandError('claim_not_draft');
			if (receipt && receiptId && input.receipt)
				tx.insert(receipts)
					.values({
						id: receiptId,
						conferenceId: current.conferenceId,
						personId: current.personId,
						claimId: current.id,
						contentType: receipt.contentType,
						byteSize: receipt.bytes.byteLength,
						sha256: receipt.sha256,
						originalName: cleanReceiptName(input.receipt.name),
						uploadedByPersonId: actor.personId,
						createdAt: now
					})
					.run();
			const { id: lineId } = tx
				.insert(claimLines)
				.values({ claimId: current.id, ...line, receiptId, createdAt: now, createdByPersonId: actor.personId })
				.returning({ id: claimLines.id })
				.get();
			tx.update(claims).set({ updatedAt: now }).where(eq(claims.id, current.id)).run();
			recordAudit(tx, actor, {
				action: 'claim.addLine',
				conferenceId: current.conferenceId,
				subjectType: 'claim',
				subjectId: current.id,
				after: {
					lineId,
					kind: line.kind,
					amountCents: line.amountCents,
					distanceTenthKm: line.distanceTenthKm,
					travelMode: line.travelMode,
					officialInterest: line.officialInterest,
					receiptId,
					onBehalf: actor.personId !== current.personId
				}
			});
			return { lineId, receiptId };
		});
	} catch (error) {
		if (receiptId) discardReceiptFile(db, receiptId);
		throw error;
	}
}

type NewLine = Pick<typeof claimLines.$inferInsert, 'kind' | 'description' | 'distanceTenthKm' | 'travelMode' | 'officialInterest' | 'amountCents'>;

function lineOf(db: Db, actor: Actor, input: AddClaimLineInput, claim: { conferenceId: string; year: number }): NewLine {
	const description = input.description?.trim() || null;
	if (description && description.length > FIELD_LIMITS.claimLine.description) throw new CommandError('claim_line_description_too_long', 'description');
	if (input.kind === 'travel_km') {
		const distance = input.distanceTenthKm;
		if (distance === undefined || !Number.isSafeInteger(distance) || distance <= 0 || distance > MAX_DISTANCE_TENTH_KM)
			throw new CommandError('claim_line_distance_invalid', 'distance');
		const mode = input.travelMode ?? 'car';
		if (input.officialInterest && !can(actor, 'claim.draft', { conferenceId: claim.conferenceId }))
			throw new CommandError('official_interest_office_only', 'officialInterest');
		// The higher rate is for cars; a bicycle has its own rate, so the mark means nothing there.
		const officialInterest = mode === 'car' && input.officialInterest === true;
		const rules = rulesFor(db, claim.conferenceId, claim.year);
		return {
			kind: 'travel_km',
			description,
			distanceTenthKm: distance,
			travelMode: mode,
			officialInterest,
			amountCents: travelAmount(rules, { distanceTenthKm: distance, mode, officialInterest })
		};
	}
	const cents = input.amountCents;
	if (cents === undefined || !Number.isSafeInteger(cents) || cents <= 0 || cents > MAX_CENTS) throw new CommandError('claim_line_amount_invalid', 'amount');
	return { kind: input.kind, description, distanceTenthKm: null, travelMode: null, officialInterest: false, amountCents: cents };
}
