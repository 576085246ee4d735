import { json, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { clientErrorWords, type ClientErrorReason, type ErrorWords } from '$lib/i18n/errorWords';

/**
 * The reason behind a client error SvelteKit raised on its own (`handleError` sees it), where the
 * status alone would word it wrongly: a path that does not decode is a 400 like a broken form
 * body, and a POST to a form action the page does not have is a 404 like a missing page.
 */
export function clientErrorReason(status: number, event: RequestEvent): ClientErrorReason | undefined {
	if (status === 400 && decodedPath(event.url.pathname) === null) return 'bad_address';
	// SvelteKit's only 404 for a route it matched: the action named in the query is not the page's.
	if (status === 404 && event.route.id !== null && event.request.method === 'POST') return 'no_such_form';
	return undefined;
}

/** The path as SvelteKit decodes it (decodeURI, %25 kept as it is), or null where that throws. */
function decodedPath(pathname: string): string | null {
	try {
		return decodeURI(pathname);
	} catch {
		return null;
	}
}

/**
 * Answers a client error from a hook, before any route runs, in the shape the asker reads: an
 * ActionResult for `use:enhance` (SvelteKit's client then shows the error page with our words),
 * `{ message, reason }` for data requests and scripts, and for a browser a small page in its
 * language. SvelteKit renders `+error.svelte` only from a route, never from a hook; without this
 * page a hook's refusal would be its `error.html` with an English `lang` and a bare key.
 */
export function answerClientError(event: RequestEvent, status: number, reason?: ClientErrorReason, headers: Record<string, string> = {}): Response {
	const words = clientErrorWords(status, reason);
	const error: App.Error = { message: words.text, ...(reason ? { reason } : {}) };
	if (event.request.headers.get('x-sveltekit-action') === 'true') return json({ type: 'error', error }, { status, headers });
	if (event.isDataRequest || !(event.request.headers.get('accept') ?? '').includes('text/html')) return json(error, { status, headers });
	return new Response(errorPage(words), {
		status,
		headers: {
			...headers,
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			// Nothing but its own inline style: no scripts, no frames, no forms.
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		}
	});
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function errorPage({ title, text }: ErrorWords): string {
	return `<!doctype html>
<html lang="${getLocale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(m.app_name())}</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff;max-width:40rem;margin:0 auto;padding:2rem 1rem}a{color:#0b4f9c}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
<p><a href="/">${escapeHtml(m.error_go_home())}</a></p>
</main>
</body>
</html>
`;
}
