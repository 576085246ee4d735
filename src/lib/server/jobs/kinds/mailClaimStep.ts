import { and, eq } from 'drizzle-orm';
import { claimReference } from '../../allowances/claims';
import { claimAmountOn } from '../../allowances/totals';
import { first } from '../../db/client';
import { sendClaimStepMail } from '../../mail/claimStepMail';
import { PermanentJobError, objectPayload, stringField, type JobHandler } from '../types';

/**
 * The mail telling a person where their claim for an allowance stands, one per step (in easy
 * language where they prefer it). Only ids travel in the payload; names, amounts and reasons are
 * read when the mail goes out.
 * The link leads to the person's own page of the claim in "Mein Geld" (`/einfach/geld/<id>`):
 * the one page every claimant can open, whichever language they read.
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
	async run(payload, { data, signal }) {
		const { claimLines, claims, conferences, people } = data.t;
		const claim = first(await data.q.select().from(claims).where(eq(claims.id, payload.claimId)));
		if (!claim) throw new PermanentJobError('claim_gone');
		const person = first(await data.q.select().from(people).where(eq(people.id, claim.personId)));
		// Many self-advocates have no e-mail: they follow their claims on "Mein Geld" and on paper.
		// Nothing failed, so nothing is put before the office as a failed job.
		if (!person?.email) return;
		const conference = first(await data.q.select({ name: conferences.name }).from(conferences).where(eq(conferences.id, claim.conferenceId)))!;
		const told = { kind: claimLines.kind, description: claimLines.description, amountCents: claimLines.amountCents, reason: claimLines.reason };
		const rejectedLines = await data.q
			.select(told)
			.from(claimLines)
			.where(and(eq(claimLines.claimId, claim.id), eq(claimLines.status, 'rejected')))
			.orderBy(claimLines.createdAt, claimLines.id);
		const reversals = await data.q
			.select(told)
			.from(claimLines)
			.where(and(eq(claimLines.claimId, claim.id), eq(claimLines.kind, 'reversal')))
			.orderBy(claimLines.createdAt, claimLines.id);
		const { approvedCents } = await claimAmountOn(data, claim.id);
		if (signal.aborted) throw new Error('stopped before sending');
		const result = await sendClaimStepMail({
			to: person.email,
			name: person.displayName,
			step: payload.step,
			reference: claimReference(claim),
			meetingTitle: claim.meetingTitle,
			meetingStartsAt: claim.meetingStartsAt,
			conferenceName: conference.name,
			approvedCents,
			rejectedLines,
			reversals,
			claimReason: claim.reason,
			paidAt: claim.paidAt,
			url: `${payload.origin}/einfach/geld/${claim.id}`,
			locale: person.preferredLocale,
			easy: person.prefersEasyLanguage,
			messageId: claimStepMailMessageId(payload)
		});
		if (result.sent) return;
		if (result.notConfigured) throw new PermanentJobError('mail_not_configured');
		throw new Error(result.error);
	}
};
