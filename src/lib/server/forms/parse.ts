import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Field } from './fields';

type Spec = Record<string, Field<unknown>>;
type Output<S extends Spec> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** What went wrong per field, and what the person typed, so the form comes back as they left it. */
export interface FormProblem {
	errors: Record<string, string>;
	values: Record<string, string>;
}

export type Parsed<S extends Spec> = { ok: true; data: Output<S> } | ({ ok: false } & FormProblem);

/**
 * The posted form. A body that is no form at all (a broken multipart body, say) is the client's
 * error: a 400 page, not a fault. A body over the size limit stays SvelteKit's 413.
 */
export async function readForm(request: Request): Promise<FormData> {
	const unread = !request.bodyUsed;
	try {
		return await request.formData();
	} catch (e) {
		// The fetch standard rejects a body that does not parse as the form its type names with a
		// TypeError; reading a body twice is ours, and stays a fault.
		if (unread && e instanceof TypeError) error(400, { message: 'bad_form' });
		throw e;
	}
}

/**
 * Checks every field of the spec. A field the page fills in itself (`fromPage`) that does not
 * parse means the form no longer fits the page (it is stale, or someone tampered with it): the
 * person cannot fix that field, so the message is the form's, and what they typed comes back.
 */
export function parseForm<S extends Spec>(form: FormData, spec: S): Parsed<S> {
	const data: Record<string, unknown> = {};
	const errors: Record<string, string> = {};
	for (const [name, field] of Object.entries(spec)) {
		const result = field.parse(form.get(name));
		if (result.ok) data[name] = result.value;
		else if (field.fromPage) errors.form = m.form_page_mismatch();
		else errors[name] = result.message;
	}
	if (Object.keys(errors).length === 0) return { ok: true, data: data as Output<S> };
	return { ok: false, errors, values: echo(form, spec) };
}

export function echo(form: FormData, spec: Spec): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [name, value] of form.entries()) {
		if (typeof value === 'string' && !spec[name]?.secret) values[name] = value;
	}
	return values;
}

/** The form action's answer to invalid input: 400 with messages and the typed values. */
export function invalid(problem: FormProblem, extra: Record<string, unknown> = {}) {
	return fail(400, { errors: problem.errors, values: problem.values, ...extra });
}
