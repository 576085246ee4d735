import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { claimSubject, requireClaimOn, claimReference } from '$lib/server/allowances/claims';
import { approveClaim } from '$lib/server/commands/approveClaim';
import { rejectClaim } from '$lib/server/commands/rejectClaim';
import { releaseClaim } from '$lib/server/commands/releaseClaim';
import { reverseClaimLine } from '$lib/server/commands/reverseClaimLine';
import { handleForm } from '$lib/server/forms/action';
import { claimDecisionForm, claimRejectForm, claimReverseForm } from '$lib/server/forms/claims';
import { abilities, authorize, can } from '$lib/server/policies';
import { claimDetail } from '$lib/server/queries/claimDetail';
import { getData } from '$lib/server/db/data';

export const load: PageServerLoad = async ({ locals, params }) => {
	const subject = claimSubject(await requireClaimOn(getData(), params.conferenceId, params.claimId));
	authorize(locals.actor, 'claim.view', subject);
	const detail = await claimDetail(getData(), params.conferenceId, params.claimId);
	if (!detail) error(404, { message: 'not_found' });
	const may = abilities(locals.actor, subject, ['claim.approve', 'claim.release', 'claim.reverse', 'claim.edit'] as const);
	return {
		...detail,
		// Which limits apply tells whether the person receives social benefits: for those who decide only.
		limits: may['claim.approve'] ? detail.limits : null,
		reference: claimReference(detail.claim),
		can: may,
		canSeeReceipts: can(locals.actor, 'receipt.view', { conferenceId: params.conferenceId, personId: subject.personId }),
		// The one who approved sees why the release is not theirs to give.
		viewerApproved: detail.claim.status === 'approved' && detail.claim.approvedByPersonId === locals.actor.personId
	};
};

const target = ({ params, url }: RequestEvent) => ({ conferenceId: params.conferenceId, claimId: params.claimId, origin: url.origin });

export const actions: Actions = {
	decide: async (event) => {
		// The form has a decision per line that was open when the page was drawn; the command checks again.
		const openLineIds = ((await claimDetail(getData(), event.params.conferenceId, event.params.claimId))?.lines ?? [])
			.filter((l) => l.status === 'open')
			.map((l) => l.id);
		return handleForm(event.request, 'decide', claimDecisionForm(openLineIds), async (data) => {
			const values = data as Record<string, unknown>;
			await approveClaim(getData(), event.locals.actor, {
				...target(event),
				decisions: openLineIds.map((lineId) => ({
					lineId,
					approve: values[`decision_${lineId}`] === 'approve',
					reason: values[`reason_${lineId}`] as string | null
				})),
				confirmOverLimit: values.confirmOverLimit === true
			});
		});
	},

	reject: (event) =>
		handleForm(event.request, 'reject', claimRejectForm, async ({ reason }) => {
			await rejectClaim(getData(), event.locals.actor, { ...target(event), reason });
		}),

	release: (event) =>
		handleForm(event.request, 'release', {}, async () => {
			await releaseClaim(getData(), event.locals.actor, target(event));
		}),

	reverse: (event) =>
		handleForm(event.request, 'reverse', claimReverseForm, async ({ lineId, reason }) => {
			await reverseClaimLine(getData(), event.locals.actor, { ...target(event), lineId, reason });
		})
};
