import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'ratschlag_session';

/** HttpOnly, SameSite=Lax; Secure whenever the request itself came over https. */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** The device cookie (OWASP): the browser is one the account's owner signed in with before. */
export const DEVICE_COOKIE = 'ratschlag_device';
// Only the password form reads it: the browser sends it nowhere else.
const DEVICE_COOKIE_PATH = '/sign-in';

export function setDeviceCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: DEVICE_COOKIE_PATH, expires: expiresAt });
}

export function deleteDeviceCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(DEVICE_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: DEVICE_COOKIE_PATH });
}
