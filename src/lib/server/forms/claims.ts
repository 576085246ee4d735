import { FIELD_LIMITS } from '$lib/fieldLimits';
import { checkbox, choice, fromPage, optionalText, requiredId, requiredText, type Field } from './fields';

const reason = FIELD_LIMITS.claimDecision.reason;

/** Rejecting a whole claim: the reason the person will read. */
export const claimRejectForm = { reason: requiredText({ max: reason, multiline: true }) };

/** Taking back one approved line by a counter-entry. */
export const claimReverseForm = { lineId: fromPage(requiredId()), reason: requiredText({ max: reason, multiline: true }) };

/**
 * The decision on a submitted claim: per open line `decision_<id>` (approve or reject) and
 * `reason_<id>` (required when rejecting: the command says so next to the line), and the
 * confirmation asked for when the approval would pass a yearly limit. Built from the claim's
 * open lines, so a line not offered cannot be decided.
 */
export function claimDecisionForm(openLineIds: readonly string[]) {
	const spec: Record<string, Field<unknown>> = { confirmOverLimit: checkbox() };
	for (const id of openLineIds) {
		spec[`decision_${id}`] = choice(['approve', 'reject'] as const);
		spec[`reason_${id}`] = optionalText({ max: reason, multiline: true });
	}
	return spec;
}
