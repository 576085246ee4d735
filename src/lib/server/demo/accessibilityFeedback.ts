import type { Data } from '../db/client';
import { answerAccessibilityFeedback } from '../commands/answerAccessibilityFeedback';
import { submitAccessibilityFeedback } from '../commands/submitAccessibilityFeedback';
import { ANONYMOUS, type Actor } from '../policies';

/**
 * The office's inbox of accessibility feedback as a newcomer finds it: one report still open,
 * one answered, both sent by the public without signing in, as in life.
 */
export async function seedAccessibilityFeedback(
	data: Data,
	office: Actor,
	conferenceId: string,
	day: (offsetDays: number, hour: number, minute?: number) => Date
) {
	await submitAccessibilityFeedback(data, ANONYMOUS, {
		conferenceId,
		message:
			'Auf der Seite mit den beschlossenen Empfehlungen liest mein Screenreader die Filter vor, aber ich höre nicht, wie viele Empfehlungen nach dem Filtern übrig sind. Können Sie das ändern?',
		name: 'Petra Kraus',
		email: 'petra.kraus@example.org',
		pageUrl: `/oeffentlich/${conferenceId}/empfehlungen`,
		trap: null,
		now: day(-6, 19, 12)
	});
	const answered = await submitAccessibilityFeedback(data, ANONYMOUS, {
		conferenceId,
		message: 'Die Einladung zur Plenarsitzung kam als PDF. Mit meiner Braillezeile konnte ich die Tagesordnung nicht lesen.',
		name: null,
		email: 'h.becker@example.org',
		pageUrl: null,
		trap: null,
		now: day(-45, 9, 40)
	});
	await answerAccessibilityFeedback(data, office, {
		feedbackId: answered.id!,
		note: 'Am Telefon erklärt: Die Tagesordnung steht auch als Seite in Ratschlag. Ab jetzt schicken wir die Einladung zusätzlich als Text in der E-Mail.',
		conferenceId,
		now: day(-38, 11, 0)
	});
}
