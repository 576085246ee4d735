import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { addClaimLine } from '$lib/server/commands/addClaimLine';
import { submitClaim } from '$lib/server/commands/submitClaim';
import { withdrawClaimLine } from '$lib/server/commands/withdrawClaimLine';
import { easyForm } from '$lib/server/easy/form';
import { EASY_MONEY_FIELD_MESSAGES, easyCompanionForm, easySubmitForm, easyTicketForm, easyTravelForm, easyWithdrawForm } from '$lib/server/easy/money';
import { signedIn } from '$lib/server/http/signedIn';
import { myClaim, requireMyClaim } from '$lib/server/queries/myClaims';
import { getData } from '$lib/server/db/data';

/** The claim of the signed-in person; anyone else, the office included, is refused (the office has its own pages). */
async function claimOf(event: Pick<RequestEvent, 'locals' | 'params'>) {
	signedIn(event.locals);
	const { conferenceId } = await requireMyClaim(getData(), event.locals.actor, event.params.claimId);
	return { conferenceId, claimId: event.params.claimId };
}

/**
 * One claim in easy words, and for a draft: add a ticket (a photo from the phone), a trip by car
 * or bicycle, a companion's costs; take a line back; confirm and send. Plain forms, each answered
 * with a redirect back here, so a reload never sends twice and nothing needs JavaScript.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	signedIn(locals);
	return { ...(await myClaim(getData(), locals.actor, params.claimId)), sent: url.searchParams.has('gesendet') };
};

/** Post, redirect, get: the page after the redirect shows the claim as it now is. */
function answer(event: RequestEvent, result: Awaited<ReturnType<typeof easyForm>>, target: string) {
	if ('saved' in result && result.saved) redirect(303, `/einfach/geld/${event.params.claimId}${target}`);
	return result;
}

export const actions: Actions = {
	/** A public-transport ticket at cost, with its photo (multipart); the receipts check what the file really is. */
	ticket: async (event) => {
		const ids = await claimOf(event);
		const result = await easyForm(event.request, 'ticket', easyTicketForm, {}, async ({ receipt, amount }) =>
			addClaimLine(getData(), event.locals.actor, {
				...ids,
				kind: 'ticket',
				amountCents: amount,
				receipt: { bytes: new Uint8Array(await receipt.arrayBuffer()), name: receipt.name }
			})
		);
		return answer(event, result, '#lines');
	},
	travel: async (event) => {
		const ids = await claimOf(event);
		const result = await easyForm(event.request, 'travel', easyTravelForm, EASY_MONEY_FIELD_MESSAGES, ({ mode, distance }) =>
			addClaimLine(getData(), event.locals.actor, { ...ids, kind: 'travel_km', travelMode: mode, distanceTenthKm: distance })
		);
		return answer(event, result, '#lines');
	},
	companion: async (event) => {
		const ids = await claimOf(event);
		const result = await easyForm(event.request, 'companion', easyCompanionForm, {}, ({ amount }) =>
			addClaimLine(getData(), event.locals.actor, { ...ids, kind: 'companion', amountCents: amount })
		);
		return answer(event, result, '#lines');
	},
	withdraw: async (event) => {
		const ids = await claimOf(event);
		const result = await easyForm(event.request, 'withdraw', easyWithdrawForm, {}, ({ lineId }) =>
			withdrawClaimLine(getData(), event.locals.actor, { ...ids, lineId })
		);
		return answer(event, result, '#lines');
	},
	/** The self-declaration and the step to the office, in one: only a ticked box sends. */
	submit: async (event) => {
		const ids = await claimOf(event);
		const result = await easyForm(event.request, 'submit', easySubmitForm, {}, () =>
			submitClaim(getData(), event.locals.actor, { ...ids, declaration: true, origin: event.url.origin })
		);
		return answer(event, result, '?gesendet#status');
	}
};
