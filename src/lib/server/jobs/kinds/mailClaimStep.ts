import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * The mail telling a person where their claim for an allowance stands, one per step (in easy
 * language where they prefer it). Only ids travel in the payload; names, amounts and reasons are
 * read when the mail goes out.
 *
 * GROUNDWORK: the payload and key are fixed here so commands can declare the job; the handler's
 * `run` is written by the claims-office work (it throws until then).
 */
export const CLAIM_MAIL_STEPS = ['drafted', 'approved', 'rejected', 'released', 'paid', 'cancelled', 'reversed'] as const;
export type ClaimMailStep = (typeof CLAIM_MAIL_STEPS)[number];

export interface ClaimStepMailPayload {
	claimId: string;
	step: ClaimMailStep;
	origin: string;
}

/** One mail per claim and step: declaring it twice (a retried request) sends it once. */
export const claimStepMailKey = (p: Pick<ClaimStepMailPayload, 'claimId' | 'step'>) => `mail.claimStep:${p.claimId}:${p.step}`;

/** The same for every attempt and every process: a rare second copy after a crash is recognisable. */
export const claimStepMailMessageId = (p: Pick<ClaimStepMailPayload, 'claimId' | 'step'>) => `<claim-${p.claimId}.${p.step}@ratschlag>`;

export const mailClaimStep: JobHandler<ClaimStepMailPayload> = {
	maxAttempts: 6,
	parse(raw) {
		const o = objectPayload(raw);
		const step = CLAIM_MAIL_STEPS.find((s) => s === o.step);
		if (!step) throw new PermanentJobError('payload field step is unknown');
		const origin = stringField(o, 'origin');
		if (!/^https?:\/\/[^/]+$/.test(origin)) throw new PermanentJobError('payload field origin is not an origin');
		return { claimId: stringField(o, 'claimId', 64), step, origin };
	},
	async run() {
		throw new PermanentJobError('mail.claimStep is not built yet');
	}
};
