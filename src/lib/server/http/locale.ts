import type { Cookies } from '@sveltejs/kit';
import { cookieName, cookieMaxAge } from '$lib/paraglide/runtime';
import type { Locale } from '$lib/domain/roles';

/** Writes the cookie paraglide's `cookie` strategy reads: the language choice, remembered. */
export function rememberLocale(cookies: Cookies, locale: Locale, secure: boolean): void {
	cookies.set(cookieName, locale, { path: '/', maxAge: cookieMaxAge, sameSite: 'lax', httpOnly: false, secure });
}
