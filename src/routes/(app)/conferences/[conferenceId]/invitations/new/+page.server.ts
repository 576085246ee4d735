import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getData } from '$lib/server/db/data';
import { authorize } from '$lib/server/policies';
import { handleForm } from '$lib/server/forms/action';
import { CommandError } from '$lib/server/commands/support/errors';
import { createInvitationRound } from '$lib/server/commands/createInvitationRound';
import { invitationRoundForm, recipientForm, toRoundInput, toSelection } from '$lib/server/forms/invitationRound';
import { invitationChoices } from '$lib/server/queries/invitationRounds';
import { countRecipientsOn, selectionBelongsOn } from '$lib/server/invitations/recipients';
import { DEFAULT_LETTER_EASY, DEFAULT_LETTER_STANDARD, DEFAULT_SUBJECT } from '$lib/server/invitations/defaultLetters';
import { LETTER_PLACEHOLDERS } from '$lib/server/invitations/letter';

export const load: PageServerLoad = async ({ locals, params }) => {
	authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
	return {
		choices: await invitationChoices(getData(), params.conferenceId),
		defaults: { subject: DEFAULT_SUBJECT, letterStandard: DEFAULT_LETTER_STANDARD, letterEasy: DEFAULT_LETTER_EASY },
		placeholders: LETTER_PLACEHOLDERS
	};
};

export const actions: Actions = {
	// "How many would this reach?" before anything is written: the same query the round will use.
	count: ({ request, locals, params }) => {
		authorize(locals.actor, 'invitation.manage', { conferenceId: params.conferenceId });
		return handleForm(request, 'count', recipientForm, async (form) => {
			const selection = toSelection(form);
			const data = getData();
			if (!selection || !(await selectionBelongsOn(data, data.q, params.conferenceId, selection)))
				throw new CommandError('invite_recipients_unknown', 'recipientKind');
			return { recipients: await countRecipientsOn(data, data.q, params.conferenceId, selection) };
		});
	},
	create: async ({ request, locals, params }) => {
		const answer = await handleForm(request, 'create', invitationRoundForm, async (data) => {
			const selection = toSelection(data);
			if (!selection) throw new CommandError('invite_recipients_unknown', 'recipientKind');
			const input = toRoundInput(params.conferenceId, data, selection);
			if (!input.answerUntil) throw new CommandError('invite_deadline_invalid', 'answerUntil');
			return await createInvitationRound(getData(), locals.actor, { ...input, answerUntil: input.answerUntil });
		});
		if ('campaignId' in answer && answer.campaignId) redirect(303, `/conferences/${params.conferenceId}/invitations/${answer.campaignId}`);
		return answer;
	}
};
