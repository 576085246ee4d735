import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { easyTime } from '$lib/easy/format';
import { CommandError, type CommandErrorCode } from '../commands/support/errors';
import type { Field } from '../forms/fields';
import { messageFor } from '../forms/errorMessages';
import { parseForm, readForm } from '../forms/parse';
import { limitMessage, throttled } from '../forms/throttled';
import { LimitReached, type Refusal } from '../limits/limiter';
import type { LimitName } from '../limits/table';

type Spec = Record<string, Field<unknown>>;

/**
 * The refusals an easy page can meet, worded in Leichte Sprache. Anything else falls back to
 * the standard wording: it is rare on these pages, and a message in standard German beats none.
 */
const easyMessages: Partial<Record<CommandErrorCode, () => string>> = {
	check_in_code_unknown: m.easy_error_code_unknown,
	check_in_closed: m.easy_error_check_in_closed,
	not_checked_in: m.easy_error_not_checked_in,
	already_on_list: m.easy_error_already_on_list,
	speakers_closed: m.easy_error_speakers_closed,
	already_voted: m.easy_vote_error_already,
	seat_already_voted: m.easy_vote_cannot_seat,
	principal_present: m.easy_vote_cannot_principal,
	no_vote: m.easy_vote_cannot_no_vote,
	poll_closed: m.easy_vote_error_closed,
	choice_not_in_poll: m.easy_vote_choice_missing,
	statement_required: m.easy_vote_statement_missing,
	// Mein Geld
	claim_not_draft: m.easy_money_error_not_draft,
	claim_line_amount_invalid: m.easy_money_error_amount,
	claim_line_distance_invalid: m.easy_money_error_km,
	claim_line_not_withdrawable: m.easy_money_error_withdraw,
	claim_declaration_required: m.easy_money_error_declaration,
	receipt_too_large: m.easy_money_error_file_large,
	receipt_type_not_allowed: m.easy_money_error_file,
	receipt_unreadable: m.easy_money_error_file
};

export function easyMessageFor(code: CommandErrorCode): string {
	return easyMessages[code]?.() ?? messageFor(code);
}

/** The limits an easy form can meet, in Leichte Sprache; others fall back to the standard wording. */
const easyLimitMessages: Partial<Record<LimitName, (when: { time: string }) => string>> = {
	'checkIn.person': m.easy_error_check_in_paused,
	'checkIn.address': m.easy_error_check_in_paused
};

function easyLimitMessage(refusal: Refusal): string {
	return easyLimitMessages[refusal.limit]?.({ time: easyTime(refusal.retryAt, getLocale()) }) ?? limitMessage(refusal);
}

/**
 * `handleForm` for the easy pages: the same boundary (parse, run one command, answer with the
 * input kept), but every message in Leichte Sprache. A field's own message replaces the
 * validator's ("Bitte schreiben Sie den Code." rather than "Pflichtfeld.").
 */
export async function easyForm<S extends Spec>(
	request: Request,
	action: string,
	spec: S,
	fieldMessages: { [K in keyof S]?: () => string },
	run: (data: Extract<ReturnType<typeof parseForm<S>>, { ok: true }>['data']) => unknown
) {
	const form = await readForm(request);
	const values: Record<string, string> = {};
	for (const [name, value] of form.entries()) if (typeof value === 'string') values[name] = value;
	const parsed = parseForm(form, spec);
	if (!parsed.ok) {
		const errors: Record<string, string> = {};
		for (const [name, message] of Object.entries(parsed.errors)) errors[name] = fieldMessages[name]?.() ?? message;
		return fail(400, { action, errors, values });
	}
	try {
		await run(parsed.data);
		return { action, saved: true as const };
	} catch (error) {
		if (error instanceof LimitReached) {
			// Next to the field the person typed into (an easy form has one), where they look.
			const field = Object.keys(spec)[0] ?? 'form';
			return throttled(error.refusal, values, { field, message: easyLimitMessage(error.refusal), extra: { action } });
		}
		if (!(error instanceof CommandError)) throw error;
		return fail(error.code === 'not_found' ? 404 : 400, { action, errors: { [error.field ?? 'form']: easyMessageFor(error.code) }, values });
	}
}
