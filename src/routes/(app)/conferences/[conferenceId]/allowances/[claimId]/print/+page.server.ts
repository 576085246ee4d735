import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { claimSubject, requireClaimOn, claimReference } from '$lib/server/allowances/claims';
import { authorize } from '$lib/server/policies';
import { claimDetail } from '$lib/server/queries/claimDetail';
import { getData } from '$lib/server/db/data';

/** The claim on paper, for people who sign there: standard, or in Leichte Sprache with `?einfach=1`. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorize(locals.actor, 'claim.view', claimSubject(await requireClaimOn(getData(), params.conferenceId, params.claimId)));
	const detail = await claimDetail(getData(), params.conferenceId, params.claimId);
	if (!detail) error(404, { message: 'not_found' });
	return {
		claim: detail.claim,
		personName: detail.personName,
		reference: claimReference(detail.claim),
		// On paper: what is asked for; a line taken back before submitting is not.
		lines: detail.lines.filter((l) => l.status !== 'withdrawn'),
		claimedCents: detail.claimedCents,
		approvedCents: detail.approvedCents,
		easy: url.searchParams.get('einfach') === '1'
	};
};
