import { authorize, type Actor } from '../policies';
import { answerAccessibilityFeedback } from '../commands/answerAccessibilityFeedback';
import { handleForm } from '../forms/action';
import { answerFeedbackForm } from '../forms/accessibilityFeedback';
import { listFeedback } from '../queries/accessibilityFeedback';
import { getData } from '../db/data';

/**
 * The two inboxes of accessibility feedback (a conference's, and the platform's for feedback
 * that names no conference) work alike; only the conference differs, null for the platform.
 */
export async function loadInbox(actor: Actor, conferenceId: string | null) {
	authorize(actor, 'accessibilityFeedback.list', { conferenceId });
	const entries = await listFeedback(getData(), conferenceId);
	return {
		entries,
		openCount: entries.filter((e) => e.answeredAt === null).length,
		overdueCount: entries.filter((e) => e.overdue).length
	};
}

export function answerFromInbox(request: Request, actor: Actor, conferenceId: string | null) {
	return handleForm(request, 'answer', answerFeedbackForm, async (data) => {
		await answerAccessibilityFeedback(getData(), actor, { feedbackId: data.feedbackId, note: data.note, conferenceId });
		return { feedbackId: data.feedbackId };
	});
}
