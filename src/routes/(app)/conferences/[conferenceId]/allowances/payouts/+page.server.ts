import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { berlinToday } from '$lib/server/allowances/payoutDates';
import { PayoutRefusal } from '$lib/server/allowances/payoutRefusal';
import { createPayoutBatch } from '$lib/server/commands/createPayoutBatch';
import { eraseIbans } from '$lib/server/commands/eraseIbans';
import { handleForm } from '$lib/server/forms/action';
import { refused } from '$lib/server/forms/errorMessages';
import { readForm } from '$lib/server/forms/parse';
import { payoutOverview } from '$lib/server/queries/payouts';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const overview = await payoutOverview(getData(), locals.actor, params.conferenceId);
	return { ...overview, today: berlinToday(new Date()) };
};

export const actions: Actions = {
	create: async ({ request, locals, params, url }) => {
		const form = await readForm(request);
		let batchId: string;
		try {
			batchId = (
				await createPayoutBatch(getData(), locals.actor, {
					conferenceId: params.conferenceId,
					claimIds: form.getAll('claimIds').filter((v): v is string => typeof v === 'string'),
					executionDate: String(form.get('executionDate') ?? ''),
					origin: url.origin
				})
			).batchId;
		} catch (error) {
			return refused(error, form, { action: 'create', refusedClaims: error instanceof PayoutRefusal ? error.claims : [] });
		}
		redirect(303, `/conferences/${params.conferenceId}/allowances/payouts/${batchId}?created=1`);
	},
	eraseIbans: ({ request, locals, params }) =>
		handleForm(request, 'eraseIbans', {}, () => eraseIbans(getData(), locals.actor, { conferenceId: params.conferenceId }))
};
