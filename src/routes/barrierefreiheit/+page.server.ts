import type { Actions, PageServerLoad } from './$types';
import { DEFAULT_CONFERENCE_SETTINGS } from '$lib/server/db/schema';
import { can } from '$lib/server/policies';
import { handleForm } from '$lib/server/forms/action';
import { feedbackForm, toFeedbackInput } from '$lib/server/forms/accessibilityFeedback';
import { conferenceChoices } from '$lib/server/queries/accessibilityFeedback';
import { getConferenceOn } from '$lib/server/queries/conferences';
import { submitFeedbackUnderLimits } from '$lib/server/limits/feedback';
import { getData } from '$lib/server/db/data';

/**
 * The accessibility statement (BITV 2.0 § 7) with its feedback form: public, no sign-in, no
 * JavaScript needed. `?konferenz=<id>` preselects a conference and shows its office's contact.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const data = getData();
	const conferences = await conferenceChoices(getData());
	const wanted = url.searchParams.get('konferenz');
	const preselected = conferences.find((c) => c.id === wanted) ?? null;
	const conference = preselected ? await getConferenceOn(data, preselected.id) : undefined;
	const settings = conference ? { ...DEFAULT_CONFERENCE_SETTINGS, ...conference.settings } : null;
	return {
		address: url.origin,
		conferences,
		preselectedConferenceId: preselected?.id ?? null,
		contact: conference && settings ? { conference: conference.name, email: settings.contactEmail, phone: settings.contactPhone } : null,
		canSeePlatformInbox: can(locals.actor, 'accessibilityFeedback.list', { conferenceId: null })
	};
};

export const actions: Actions = {
	default: (event) =>
		handleForm(event.request, 'feedback', feedbackForm, async (data) => {
			const receipt = await submitFeedbackUnderLimits(getData(), event, toFeedbackInput(data));
			return { replyDueAt: receipt.replyDueAt, hasEmail: receipt.hasEmail };
		})
};
