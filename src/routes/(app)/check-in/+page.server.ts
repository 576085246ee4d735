import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getDb } from '$lib/server/db';
import { checkIn } from '$lib/server/commands/checkIn';
import { handleForm } from '$lib/server/forms/action';
import { checkInForm } from '$lib/server/forms/plenary';

/** Typing the code from the slide or the door: the quickest way in for anyone with a phone. */
export const actions: Actions = {
	default: async (event) => {
		let target: string | null = null;
		const answer = await handleForm(event.request, 'checkIn', checkInForm, (data) => {
			const { session } = checkIn(getDb(), event.locals.actor, { code: data.code, method: 'code' });
			target = `/conferences/${session.conferenceId}/plenary/${session.id}?checkedIn`;
		});
		if (target) redirect(303, target);
		return answer;
	}
};
