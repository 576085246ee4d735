import type { Actions, PageServerLoad } from './$types';
import { authorize } from '$lib/server/policies';
import { allowanceYear, rulesForOn } from '$lib/server/allowances/rules';
import { saveAllowanceRules } from '$lib/server/commands/saveAllowanceRules';
import { savePayoutAccount } from '$lib/server/commands/savePayoutAccount';
import { handleForm } from '$lib/server/forms/action';
import { allowanceRulesForm, payoutAccountForm } from '$lib/server/forms/allowances';
import { configuredYears, payoutAccountOf } from '$lib/server/queries/allowanceRules';
import { getData } from '$lib/server/db/data';
import type { Data } from '$lib/server/db/client';

/** This year and the next (to prepare), and every year that has rules (to look back). */
async function offeredYears(data: Data, conferenceId: string, now: Date): Promise<number[]> {
	const current = allowanceYear(now);
	return [...new Set([current, current + 1, ...(await configuredYears(data, conferenceId))])].sort((a, b) => b - a);
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'allowance.configure', { conferenceId: params.conferenceId });
	const now = new Date();
	const years = await offeredYears(getData(), params.conferenceId, now);
	const asked = Number(url.searchParams.get('year'));
	// A year not offered (typed into the address) shows the current one rather than an empty page.
	const year = years.includes(asked) ? asked : allowanceYear(now);
	return {
		years,
		year,
		rules: await rulesForOn(getData(), params.conferenceId, year),
		payoutAccount: await payoutAccountOf(getData(), params.conferenceId)
	};
};

export const actions: Actions = {
	rules: ({ request, locals, params }) =>
		handleForm(request, 'rules', allowanceRulesForm, async (rules) => {
			await saveAllowanceRules(getData(), locals.actor, { conferenceId: params.conferenceId, rules });
		}),
	payoutAccount: ({ request, locals, params }) =>
		handleForm(request, 'payoutAccount', payoutAccountForm, async (data) => {
			await savePayoutAccount(getData(), locals.actor, { conferenceId: params.conferenceId, ...data });
		})
};
