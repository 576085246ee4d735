/** Only same-site paths: a `returnTo` or `next` parameter must never send anyone elsewhere. */
export function safeReturnPath(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
	return raw;
}
