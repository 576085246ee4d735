import { m } from '$lib/paraglide/messages';
import { FIELD_LIMITS } from '$lib/fieldLimits';
import { checkbox, fromPage, requiredText, type Field } from './fields';

/**
 * When the version the person started from was written (milliseconds), sent back with the form
 * so a save or a sign-off never lands on a version the person has not seen. Empty: none yet.
 */
function versionStamp(): Field<number | null> {
	return {
		parse(raw) {
			const value = typeof raw === 'string' ? raw.trim() : '';
			if (!value) return { ok: true, value: null };
			return /^\d{1,15}$/.test(value) ? { ok: true, value: Number(value) } : { ok: false, message: m.form_choice_invalid() };
		}
	};
}

export const writeEasyTextForm = {
	body: requiredText({ max: FIELD_LIMITS.easyText.body, multiline: true }),
	basedOn: fromPage(versionStamp())
};

/** The Prüfgruppe confirms having read and understood the text: the sign-off is a statement, not a click. */
export const checkEasyTextForm = {
	basedOn: fromPage(versionStamp()),
	confirm: checkbox()
};
