import { fail } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatTime } from '$lib/i18n/labels';
import type { Refusal } from '../limits/limiter';
import type { LimitName } from '../limits/table';

/** When to try again as the messages say it: a clock time (Berlin) and about how many minutes. */
export function retryWhen(retryAt: Date, now = Date.now()): { time: string; minutes: number } {
	return { time: formatTime(retryAt, getLocale()), minutes: Math.max(1, Math.ceil((retryAt.getTime() - now) / 60_000)) };
}

/** Every limit has its message, so a new limit cannot answer without one. */
const messages: Record<LimitName, (when: { time: string; minutes: number }) => string> = {
	'signIn.pair': m.sign_in_throttled,
	'signIn.account': m.sign_in_throttled,
	// Whoever meets it may have typed one wrong password: the words say why, not "too many".
	'signIn.pairUnderAttack': m.sign_in_protected,
	'signIn.device': m.sign_in_throttled,
	'signIn.address': m.sign_in_throttled,
	'feedback.address': m.feedback_throttled_address,
	'feedback.target': m.feedback_throttled_global,
	'checkIn.person': m.check_in_throttled,
	'checkIn.address': m.check_in_throttled,
	'newsletterSignUp.address': m.subscribe_throttled,
	'newsletterSignUp.email': m.subscribe_throttled,
	'rsvpAnswer.address': m.rsvp_throttled,
	'rsvpAnswer.link': m.rsvp_throttled
};

export function limitMessage(refusal: Refusal): string {
	return messages[refusal.limit](retryWhen(refusal.retryAt));
}

// A form post runs the action and then the page's load; both may say "wait", the header is set once.
const told = new WeakSet<Request>();

/** Tells the client, in the response's Retry-After header, how many seconds to wait. */
export function setRetryAfter(retryAt: Date, now = Date.now()): void {
	const event = getRequestEvent();
	if (told.has(event.request)) return;
	told.add(event.request);
	event.setHeaders({ 'retry-after': String(Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000))) });
}

/**
 * A form's answer to a refused attempt: 429 with Retry-After, the message saying when to try
 * again (at `field`, the whole form by default), and what was typed kept.
 */
export function throttled<E extends Record<string, unknown> = Record<never, never>>(
	refusal: Refusal,
	values: Record<string, string>,
	options: { field?: string; message?: string; extra?: E } = {}
) {
	setRetryAfter(refusal.retryAt);
	const errors: Record<string, string> = { [options.field ?? 'form']: options.message ?? limitMessage(refusal) };
	return fail(429, { errors, values, ...(options.extra as E) });
}
