import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getData } from '$lib/server/db/data';
import { handleForm } from '$lib/server/forms/action';
import { checkInForm } from '$lib/server/forms/plenary';
import { signedIn } from '$lib/server/http/signedIn';
import { checkInUnderLimits } from '$lib/server/limits/checkIn';

/** Typing the code from the slide or the door: the quickest way in for anyone with a phone. */
export const actions: Actions = {
	default: async (event) => {
		const { person } = signedIn(event.locals);
		let target: string | null = null;
		const answer = await handleForm(event.request, 'checkIn', checkInForm, async (data) => {
			const { session } = await checkInUnderLimits(getData(), event, person.id, { code: data.code, method: 'code' });
			target = `/conferences/${session.conferenceId}/plenary/${session.id}?checkedIn`;
		});
		if (target) redirect(303, target);
		return answer;
	}
};
