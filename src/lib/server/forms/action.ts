import type { Field } from './fields';
import { echo, invalid, parseForm, readForm, type Parsed } from './parse';
import { refused } from './errorMessages';
import { throttled } from './throttled';
import { LimitReached } from '../limits/limiter';

type Spec = Record<string, Field<unknown>>;
type Data<S extends Spec> = Extract<Parsed<S>, { ok: true }>['data'];

/**
 * The shape of every form action: parse at the boundary, run one command, answer. Invalid
 * input and domain refusals come back with messages next to their fields and the input kept;
 * the answer is tagged with `action` so a page with several forms shows it at the right one.
 * A command run under limits (src/lib/server/limits) that throws `LimitReached` is answered
 * with 429, Retry-After and a message saying when to try again, the input kept as well.
 * Whatever `run` returns (an access card, say) is added to the answer.
 */
export async function handleForm<S extends Spec, R extends Record<string, unknown> | void>(
	request: Request,
	action: string,
	spec: S,
	run: (data: Data<S>) => R | Promise<R>
) {
	const form = await readForm(request);
	const parsed = parseForm(form, spec);
	if (!parsed.ok) return invalid(parsed, { action });
	try {
		const result = await run(parsed.data);
		return { action, saved: true as const, ...(result ?? {}) } as { action: string; saved: true } & Exclude<R, void>;
	} catch (error) {
		if (error instanceof LimitReached) return throttled(error.refusal, echo(form, spec), { extra: { action } });
		return refused(error, form, { action }, spec);
	}
}
