import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getData } from '$lib/server/db/data';
import { DEVICE_COOKIE, deleteDeviceCookie, setDeviceCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { signInWithPassword } from '$lib/server/commands/signInWithPassword';
import { invalid, parseForm, readForm } from '$lib/server/forms/parse';
import { password, requiredEmail } from '$lib/server/forms/fields';
import { safeReturnPath } from '$lib/server/http/returnPath';
import { throttled } from '$lib/server/forms/throttled';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.person) redirect(303, safeReturnPath(url.searchParams.get('next'), '/start'));
	return { next: safeReturnPath(url.searchParams.get('next'), '/start') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const parsed = parseForm(form, { email: requiredEmail(), password: password() });
		if (!parsed.ok) return invalid(parsed);

		const secure = event.url.protocol === 'https:';
		const result = await signInWithPassword(getData(), {
			...parsed.data,
			clientAddress: event.getClientAddress(),
			deviceToken: event.cookies.get(DEVICE_COOKIE) ?? null
		});
		const values: Record<string, string> = { email: parsed.data.email };
		const formError = (message: string): Record<string, string> => ({ form: message });
		if (!result.ok && result.deviceWithdrawn) deleteDeviceCookie(event.cookies, secure);
		if (!result.ok && result.reason === 'throttled') return throttled(result, values);
		if (!result.ok) return fail(400, { values, errors: formError(m.sign_in_invalid()) });

		setSessionCookie(event.cookies, result.token, result.session.expiresAt, secure);
		setDeviceCookie(event.cookies, result.device.token, result.device.expiresAt, secure);
		redirect(303, safeReturnPath(form.get('next'), '/start'));
	}
};
