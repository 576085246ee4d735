const BASE = 'http://return-path.invalid';

/** Control characters, which browsers drop from a URL, and `\`, which they read as `/`. */
const MISREAD = /[\p{Cc}\\]/u;

/**
 * The one way a redirect target taken from a request (a `returnTo` or `next` parameter, the
 * request's own path) becomes a `Location`: only same-site paths, never anywhere else.
 * The target is resolved the way a browser would (`.` and `..` segments, percent-encoded dots),
 * and the result is what is checked: `/.//evil.example` resolves to `//evil.example`, which a
 * browser reads as another host (protocol-relative). Targets with characters a browser would
 * drop or misread are refused before that.
 */
export function safeReturnPath(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || !raw.startsWith('/') || MISREAD.test(raw)) return fallback;
	let url: URL;
	try {
		url = new URL(raw, BASE);
	} catch {
		return fallback;
	}
	const path = url.pathname + url.search + url.hash;
	if (url.origin !== BASE || !path.startsWith('/') || path.startsWith('//')) return fallback;
	return path;
}
