const BASE = 'http://return-path.invalid';

/**
 * Only same-site paths: a `returnTo` or `next` parameter must never send anyone elsewhere.
 * Parsed the way a browser would (which drops tabs and newlines and reads `\` as `/`), so
 * `/\tevil.example` or `/\\evil.example` cannot slip through as protocol-relative URLs.
 */
export function safeReturnPath(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || !raw.startsWith('/')) return fallback;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
	try {
		const url = new URL(raw, BASE);
		if (url.origin !== BASE) return fallback;
		return url.pathname + url.search + url.hash;
	} catch {
		return fallback;
	}
}
