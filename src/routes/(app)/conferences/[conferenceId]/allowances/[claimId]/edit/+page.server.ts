import { fail, redirect } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { m } from '$lib/paraglide/messages';
import { RECEIPT_MAX_BYTES } from '$lib/domain/allowances/receiptLimits';
import { claimReference, claimSubject, requireClaimOn } from '$lib/server/allowances/claims';
import { claimAmountOn } from '$lib/server/allowances/totals';
import { addClaimLine } from '$lib/server/commands/addClaimLine';
import { submitClaim } from '$lib/server/commands/submitClaim';
import { withdrawClaimLine } from '$lib/server/commands/withdrawClaimLine';
import { first } from '$lib/server/db/client';
import { handleForm } from '$lib/server/forms/action';
import { claimLineForm, claimLineWithdrawForm, claimSubmitForm } from '$lib/server/forms/claimLine';
import { refused } from '$lib/server/forms/errorMessages';
import { echo, invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { authorize, can } from '$lib/server/policies';
import { getData } from '$lib/server/db/data';

/** The office's editor of a draft claim: the lines, a line of each kind with its receipt, the self-declaration on the person's behalf. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const data = getData();
	const { claimLines, people } = data.t;
	const claim = await requireClaimOn(data, params.conferenceId, params.claimId);
	authorize(locals.actor, 'claim.edit', claimSubject(claim));
	const person = first(await data.q.select({ name: people.displayName }).from(people).where(eq(people.id, claim.personId)));
	const lines = await data.q
		.select({
			id: claimLines.id,
			kind: claimLines.kind,
			description: claimLines.description,
			distanceTenthKm: claimLines.distanceTenthKm,
			travelMode: claimLines.travelMode,
			officialInterest: claimLines.officialInterest,
			amountCents: claimLines.amountCents,
			receiptId: claimLines.receiptId,
			status: claimLines.status
		})
		.from(claimLines)
		.where(eq(claimLines.claimId, claim.id))
		.orderBy(asc(claimLines.createdAt), asc(claimLines.id));
	return {
		claim: {
			id: claim.id,
			reference: claimReference(claim),
			meetingTitle: claim.meetingTitle,
			meetingStartsAt: claim.meetingStartsAt,
			personName: person?.name ?? '',
			...(await claimAmountOn(data, claim.id))
		},
		lines,
		// The office decides official interest; on its own claim an office member is the claimant too.
		marksOfficialInterest: can(locals.actor, 'claim.draft', { conferenceId: claim.conferenceId }),
		receiptMaxMegabytes: RECEIPT_MAX_BYTES / (1024 * 1024)
	};
};

const ids = (event: RequestEvent) => ({ conferenceId: event.params.conferenceId, claimId: event.params.claimId });

export const actions: Actions = {
	/** Multipart: the line's fields and, for a ticket or a receipt, its file. */
	addLine: async (event) => {
		const form = await readForm(event.request);
		const parsed = parseForm(form, claimLineForm);
		if (!parsed.ok) return invalid(parsed, { action: 'addLine' });
		const file = form.get('receipt');
		const receipt = file instanceof File && file.size > 0 ? file : null;
		// The body limit lets a little more than a receipt through; past the receipt's own limit,
		// say so here rather than read it all.
		if (receipt && receipt.size > RECEIPT_MAX_BYTES)
			return fail(400, { action: 'addLine', errors: { receipt: m.claimedit_error_receipt_too_large() }, values: echo(form, claimLineForm) });
		const data = parsed.data;
		try {
			await addClaimLine(getData(), event.locals.actor, {
				...ids(event),
				kind: data.kind,
				description: data.description,
				distanceTenthKm: data.distance,
				travelMode: data.travelMode ?? undefined,
				officialInterest: data.officialInterest,
				amountCents: data.amount,
				receipt: receipt ? { bytes: new Uint8Array(await receipt.arrayBuffer()), name: receipt.name } : null
			});
		} catch (error) {
			return refused(error, form, { action: 'addLine' }, claimLineForm);
		}
		return { action: 'addLine', saved: true as const };
	},
	withdraw: (event) =>
		handleForm(event.request, 'withdraw', claimLineWithdrawForm, async ({ lineId }) => {
			await withdrawClaimLine(getData(), event.locals.actor, { ...ids(event), lineId });
		}),
	submit: async (event) => {
		const answer = await handleForm(event.request, 'submit', claimSubmitForm, async ({ declaration }) => {
			await submitClaim(getData(), event.locals.actor, { ...ids(event), declaration, origin: event.url.origin });
		});
		if ('saved' in answer && answer.saved) redirect(303, `/conferences/${event.params.conferenceId}/allowances/${event.params.claimId}`);
		return answer;
	}
};
