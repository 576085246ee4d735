import { eq } from 'drizzle-orm';
import { travelAmount, MAX_DISTANCE_TENTH_KM } from '../../domain/allowances/amounts';
import { MAX_CENTS } from '../../domain/allowances/money';
import type { AddableLineKind, TravelMode } from '../../domain/allowances/types';
import { FIELD_LIMITS } from '../../fieldLimits';
import { claimSubject, holdClaim, requireClaimOn } from '../allowances/claims';
import { cleanReceipt, cleanReceiptName } from '../allowances/receipts/content';
import { writeReceiptFileIn } from '../allowances/receipts/store';
import { rulesForOn } from '../allowances/rules';
import { recordAuditIn } from '../audit/record';
import { first, type Data } from '../db/client';
import type { claimLines } from '../db/schema';
import { transactOn } from '../effects/transactOn';
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
 * and asynchronous; its bytes go into the database in the same transaction as its row and the
 * line (`receipt_files`), so a refusal or a crash leaves neither. The claim's row is held before it
 * is read again (README, "Rules that span rows": the claim's steps hold its row): a submit at the
 * same time comes before (refused here) or after (and counts this line).
 */
export async function addClaimLine(data: Data, actor: Actor, input: AddClaimLineInput): Promise<{ lineId: string; receiptId: string | null }> {
	const claim = await requireClaimOn(data, input.conferenceId, input.claimId);
	authorize(actor, 'claim.view', claimSubject(claim));
	if (claim.status !== 'draft') throw new CommandError('claim_not_draft');
	authorize(actor, 'claim.edit', claimSubject(claim));
	const line = await lineOf(data, actor, input, claim);
	if (input.receipt && !TAKES_RECEIPT.includes(input.kind)) throw new CommandError('receipt_not_for_kind', 'receipt');
	const receipt = input.receipt ? await cleanReceipt(input.receipt.bytes) : null;
	const now = input.now ?? new Date();
	const receiptId = receipt ? newId() : null;
	const { claimLines, claims, receipts } = data.t;
	return transactOn(data, async (tx) => {
		// Checked again inside: the claim may have been submitted while the photo was cleaned.
		const current = await holdClaim(data, tx, input.conferenceId, input.claimId);
		if (current.status !== 'draft') throw new CommandError('claim_not_draft');
		if (receipt && receiptId && input.receipt) {
			await tx.insert(receipts).values({
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
			});
			await writeReceiptFileIn(data, tx, receiptId, receipt.bytes);
		}
		const { id: lineId } = first(
			await tx
				.insert(claimLines)
				.values({ claimId: current.id, ...line, receiptId, createdAt: now, createdByPersonId: actor.personId })
				.returning({ id: claimLines.id })
		)!;
		await tx.update(claims).set({ updatedAt: now }).where(eq(claims.id, current.id));
		await recordAuditIn(data, tx, actor, {
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
}

type NewLine = Pick<typeof claimLines.$inferInsert, 'kind' | 'description' | 'distanceTenthKm' | 'travelMode' | 'officialInterest' | 'amountCents'>;

async function lineOf(data: Data, actor: Actor, input: AddClaimLineInput, claim: { conferenceId: string; year: number }): Promise<NewLine> {
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
		const rules = await rulesForOn(data, claim.conferenceId, claim.year);
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
