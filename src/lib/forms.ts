/**
 * Reading a form action's answer on pages with several forms: each action tags its answer
 * with `action`, and a form shows only the errors, values and success of its own action.
 */
export interface FormAnswer {
	action?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
	saved?: boolean;
	/** The code of the domain rule that refused the action, if one did. */
	refusal?: string;
}

export function answerFor(
	form: unknown,
	action: string
): { errors?: Record<string, string>; values?: Record<string, string>; saved: boolean; refusal?: string } {
	const answer = form as FormAnswer | null | undefined;
	if (!answer || answer.action !== action) return { saved: false };
	return { errors: answer.errors, values: answer.values, saved: answer.saved === true, refusal: answer.refusal };
}
