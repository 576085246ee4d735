import type { PageServerLoad } from './$types';
import { CLAIM_STATUSES, type ClaimStatus } from '$lib/domain/allowances/types';
import { allowanceYear } from '$lib/server/allowances/rules';
import { abilities, authorize } from '$lib/server/policies';
import { claimFilterOptions, listClaims, yearFigures, type MeetingKey } from '$lib/server/queries/claimsOverview';
import { getData } from '$lib/server/db/data';

/** A filter value that is not one the page offers (an old link, a typo) is no filter, not an error. */
const statusOf = (v: string | null): ClaimStatus | null => CLAIM_STATUSES.find((s) => s === v) ?? null;
const meetingOf = (v: string | null): MeetingKey | null => (v && /^[sg]:[\w-]{1,64}$/.test(v) ? (v as MeetingKey) : null);
const idOf = (v: string | null) => (v && /^[\w-]{1,64}$/.test(v) ? v : null);
const wholeOf = (v: string | null, min: number, max: number) => {
	const n = v && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
	return n >= min && n <= max ? n : null;
};

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const subject = { conferenceId: params.conferenceId };
	authorize(locals.actor, 'claim.list', subject);
	const data = getData();
	const q = url.searchParams;
	const filter = {
		year: wholeOf(q.get('year'), 2000, 2100) ?? allowanceYear(new Date()),
		status: statusOf(q.get('status')),
		personId: idOf(q.get('person')),
		meeting: meetingOf(q.get('meeting')),
		page: wholeOf(q.get('page'), 1, 100000) ?? 1
	};
	return {
		filter,
		list: await listClaims(data, params.conferenceId, filter),
		figures: await yearFigures(data, params.conferenceId, filter.year),
		options: await claimFilterOptions(data, params.conferenceId, filter.year),
		can: abilities(locals.actor, subject, ['payout.list', 'allowance.configure'] as const)
	};
};
